package dev.orch.engine.planning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orch.engine.tasks.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.orch.engine.planning.TestTasks.task;
import static dev.orch.engine.tasks.Size.L;
import static dev.orch.engine.tasks.Size.M;
import static dev.orch.engine.tasks.Size.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanReportTest {
    private static final String AWKWARD_NAME = "Fix \"quoted\" [brackets] {braces} (parens) <b>tag</b> | a;b #x; %% `tick` end";

    private static final List<Task> SMALL = List.of(
            task("AUTH-001").size(S).name("Login flow").scope("src/auth").build(),
            task("AUTH-002").size(M).name("Logout").scope("src/auth/Logout.java").build(),
            task("BIL-001").size(L).name(AWKWARD_NAME).scope("src/billing").build(),
            task("AUTH-003").size(M).name("Sessions").after("AUTH-001", "BIL-001").build(),
            task("BIL-002").size(S).name("Invoices").after("BIL-001").build());

    @Test
    void rendersWavesLanesTotalsAndCriticalPath() {
        Plan plan = Planner.plan(SMALL, 3, Strategy.AFFINITY_FIRST);

        assertEquals(List.of(
                "Plan (strategy affinity-first, at most 3 lanes per wave). " + PlanReport.UNITS_NOTE,
                "Wave 1 (est. 4 units):",
                "  lane 1 [weight 3]: AUTH-001, AUTH-002",
                "  lane 2 [weight 4]: BIL-001",
                "Wave 2 (est. 2 units):",
                "  lane 1 [weight 2]: AUTH-003",
                "  lane 2 [weight 1]: BIL-002",
                "Total: 5 tasks, 2 waves, est. 6 units, max parallel lanes 2.",
                "Critical path (6 units): BIL-001 -> AUTH-003"), PlanReport.render(plan));
    }

    @Test
    void rendersAnEmptyPlan() {
        assertEquals(List.of("No pending tasks: nothing to plan."),
                PlanReport.render(Planner.plan(List.of(), 3, Strategy.ROUND_ROBIN)));
    }

    @Test
    void planJsonParsesBackWithEveryTask(@TempDir Path dir) throws IOException {
        List<Task> tasks = new ArrayList<>(WavesTest.randomBacklog(new Random(3), 120));
        tasks.addAll(SMALL);
        Plan plan = Planner.plan(tasks, 3, Strategy.LOAD_BALANCED);
        Path file = dir.resolve("orchestrate/plan.json");

        PlanReport.writeJson(plan, file);
        JsonNode json = new ObjectMapper().readTree(file.toFile());

        assertEquals("load-balanced", json.get("strategy").asText());
        assertEquals(3, json.get("maxLanes").asInt());
        assertEquals(plan.estimate(), json.get("estimate").asInt());
        assertEquals(TestTasks.ids(plan.criticalPath()), texts(json.get("criticalPath")));
        assertEquals(tasks.size(), json.get("tasks").size());
        Map<String, JsonNode> byId = new HashMap<>();
        json.get("tasks").forEach(t -> byId.put(t.get("id").asText(), t));
        for (Task task : tasks) {
            JsonNode node = byId.get(task.id().value());
            assertEquals(task.spec().name(), node.get("name").asText());
            assertEquals(task.spec().size().name(), node.get("size").asText());
            assertEquals(task.spec().fileScope(), texts(node.get("fileScope")));
            assertEquals(task.pendingDependencies().stream().map(d -> d.value()).sorted().toList(),
                    texts(node.get("dependencies")));
            Placement placement = plan.placements().get(task.id());
            assertEquals(placement.wave(), node.get("wave").asInt());
            assertEquals(placement.lane(), node.get("lane").asInt());
        }
        int scheduled = 0;
        for (JsonNode wave : json.get("waves")) {
            for (JsonNode lane : wave.get("lanes")) {
                for (JsonNode id : lane.get("tasks")) {
                    assertEquals(wave.get("number").asInt(), byId.get(id.asText()).get("wave").asInt());
                    assertEquals(lane.get("number").asInt(), byId.get(id.asText()).get("lane").asInt());
                    scheduled++;
                }
            }
        }
        assertEquals(tasks.size(), scheduled);
        assertEquals(AWKWARD_NAME, byId.get("BIL-001").get("name").asText());
    }

    @Test
    void writesReplaceTheFileAndLeaveNoTemporaryFiles(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("plan.json");
        Path mermaid = dir.resolve("plan.mmd");
        Files.writeString(json, "old");
        Files.writeString(mermaid, "old");
        Plan plan = Planner.plan(SMALL, 2, Strategy.ROUND_ROBIN);

        PlanReport.writeJson(plan, json);
        PlanReport.writeMermaid(plan, mermaid);

        assertEquals(PlanReport.toJson(plan), Files.readString(json));
        assertEquals(PlanReport.toMermaid(plan), Files.readString(mermaid));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("plan.json", "plan.mmd"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void mermaidHasANodePerTaskAndAnEdgePerDependency() {
        List<Task> tasks = new ArrayList<>(WavesTest.randomBacklog(new Random(5), 80));
        tasks.addAll(SMALL);
        Plan plan = Planner.plan(tasks, 3, Strategy.AFFINITY_FIRST);

        String mermaid = PlanReport.toMermaid(plan);

        assertTrue(mermaid.startsWith("flowchart TD\n"));
        for (Task task : tasks) {
            String node = PlanReport.nodeId(task.id());
            assertEquals(1, count(mermaid, "\n      " + node + "[\"" + task.id().value() + "<br/>"),
                    "one node for " + task.id());
            for (var dependency : task.pendingDependencies()) {
                assertEquals(1, count(mermaid, "\n  " + PlanReport.nodeId(dependency) + " --> " + node + "\n"),
                        "edge " + dependency + " -> " + task.id());
            }
        }
        int edges = tasks.stream().mapToInt(t -> t.pendingDependencies().size()).sum();
        assertEquals(edges, count(mermaid, " --> "));
        assertEquals(plan.waves().size(), count(mermaid, "\n  subgraph wave"));
        assertTrue(mermaid.contains("  class " + String.join(",",
                plan.criticalPath().stream().map(PlanReport::nodeId).toList()) + " critical\n"));
    }

    @Test
    void awkwardTaskNameCannotBreakOutOfItsLabel() {
        Plan plan = Planner.plan(SMALL, 3, Strategy.AFFINITY_FIRST);

        String mermaid = PlanReport.toMermaid(plan);

        // Every node line is: node id, ["...label..."]; once the <br/> and the #NN; entity codes are taken out,
        // the label holds no character Mermaid could read as syntax.
        Pattern nodeLine = Pattern.compile("^ +t_[A-Z0-9_]+\\[\"([^\"\\[\\]]*)\"\\]$");
        int nodes = 0;
        for (String line : mermaid.split("\n")) {
            if (line.trim().startsWith("t_") && line.contains("[")) {
                Matcher matcher = nodeLine.matcher(line);
                assertTrue(matcher.matches(), "unsafe node line: " + line);
                String bare = matcher.group(1).replaceFirst("<br/>", " ").replaceAll("#[0-9]+;", "");
                assertTrue(bare.chars().noneMatch(c -> "\"[]{}()|;<>`%#".indexOf(c) >= 0), "unsafe label: " + line);
                nodes++;
            }
        }
        assertEquals(SMALL.size(), nodes);
        String label = "Fix #34;quoted#34; #91;brackets#93; #123;braces#125; #40;parens#41; #60;b#62;tag#60;/b#62; "
                + "#124; a#59;b #35;x#59; #37;#37; #96;tick#96; end";
        assertTrue(mermaid.contains("t_BIL_001[\"BIL-001<br/>" + label + "\"]"), mermaid);
        assertFalse(mermaid.contains(AWKWARD_NAME));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
