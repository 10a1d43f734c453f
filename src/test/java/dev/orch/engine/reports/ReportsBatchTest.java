package dev.orch.engine.reports;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orch.engine.OrchConfig;
import dev.orch.engine.commands.RunCommand;
import dev.orch.engine.commands.StatusCommand;
import dev.orch.engine.running.BatchOutcome;
import dev.orch.engine.state.AttemptRecord;
import dev.orch.engine.state.BatchState;
import dev.orch.engine.state.Json;
import dev.orch.engine.state.Phase;
import dev.orch.engine.state.StateStore;
import dev.orch.engine.state.TaskRecord;
import dev.orch.engine.state.TaskStatus;
import dev.orch.engine.state.Usage;
import dev.orch.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.orch.engine.reports.ReportFiles.children;
import static dev.orch.engine.reports.ReportFiles.elements;
import static dev.orch.engine.reports.ReportFiles.hasClass;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real batches on temporary repositories with the fake agent; every check parses the files the run wrote. */
class ReportsBatchTest {
    static final String ODD_NAME = "<script>alert(\"x\")</script> & ]]> 'quoted' <!-- not a comment -->";

    @TempDir
    Path temp;

    private TestRepo repo;
    private Path stateDirectory;
    private BatchOutcome outcome;

    /** CORE-1 ok with usage, CORE-2 (after CORE-1) fails once then succeeds, both attempts reporting usage;
     *  WEB-1 fails noisily twice, WEB-2 (after WEB-1) is blocked; APP-1 has a hostile name. */
    private void runMixedBatch() throws Exception {
        repo = new TestRepo(temp);
        repo.task("core", "CORE-1").task("core", "CORE-2", "CORE-1").task("web", "WEB-1").task("web", "WEB-2", "WEB-1");
        repo.write("tasks/app/APP-1-odd/PROMPT.md", "# Task: APP-1 — " + ODD_NAME + "\n\n## Dependencies\n\n- None\n");
        repo.commitAll("tasks");
        repo.behave("CORE-1", "usage").behave("CORE-2", "usage-fail-once").behave("WEB-1", "fail-noisy");
        stateDirectory = repo.config().stateDirectory();
        outcome = new RunCommand(processDriver(repo.config()), repo.console()).run();
        repo.consoleLines.forEach(System.out::println);
    }

    static OrchConfig processDriver(OrchConfig c) {
        return new OrchConfig(c.projectDir(), c.tasksDirectory(), c.areas(), c.maxLanes(), c.strategy(),
                c.agentCommand(), "process", c.maxRetries(), c.taskTimeoutMinutes(), c.stallTimeoutMinutes(),
                c.onTaskFailure(), c.onMergeFailure(), c.mergeOrder(), c.verifyCommand(), c.mergeAgentCommand(),
                c.integration(), c.worktreeDirectory(), c.stateDirectory());
    }

    @Test
    void reportsOfAFinishedBatchAreCompleteConsistentAndSelfContained() throws Exception {
        runMixedBatch();
        assertEquals(Phase.FAILED, outcome.phase(), outcome.message());
        BatchState state = new StateStore(stateDirectory).load().orElseThrow();
        Path html = Reports.htmlFile(stateDirectory);
        Path junit = Reports.junitFile(stateDirectory, state.batchId);
        Path summary = Reports.summaryFile(stateDirectory);
        assertTrue(Files.isRegularFile(html) && Files.isRegularFile(junit) && Files.isRegularFile(summary));
        assertTrue(repo.consoleLines.contains("[orch] report: target/orchestrate/report.html, JUnit: "
                + "target/orchestrate/junit/TEST-orch-" + state.batchId + ".xml"), repo.consoleLines.toString());

        String keep = System.getenv("ORCH_KEEP_REPORT");
        if (keep != null) {
            Files.createDirectories(Path.of(keep));
            for (Path p : List.of(html, junit, summary)) {
                Files.copy(p, Path.of(keep).resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        checkHtml(html, state);
        JsonNode json = Json.mapper().readTree(summary.toFile());
        checkJunit(junit, state, json);
        checkSummary(json, state);
    }

    private void checkHtml(Path html, BatchState state) throws Exception {
        String text = Files.readString(html, StandardCharsets.UTF_8);
        Document document = ReportFiles.parse(html);

        // Every task has a row; the hostile name is text, not markup.
        Set<String> rows = elements(document, "tr").stream().map(e -> e.getAttribute("data-task"))
                .filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        assertEquals(state.tasks.keySet(), rows);
        Element oddRow = document.getElementById("task-APP-1") != null ? document.getElementById("task-APP-1")
                : elements(document, "tr").stream().filter(e -> e.getAttribute("data-task").equals("APP-1"))
                .findFirst().orElseThrow();
        assertTrue(oddRow.getTextContent().contains(ODD_NAME), oddRow.getTextContent());
        assertEquals(1, elements(document, "script").size(), "only Orch's own script");
        assertFalse(text.contains("<script>alert"));

        // Exactly one timeline bar per attempt.
        Map<String, Integer> bars = new HashMap<>();
        for (Element rect : elements(document, "rect")) {
            if (hasClass(rect, "bar")) {
                bars.merge(rect.getAttribute("data-attempt"), 1, Integer::sum);
                String outcome = rect.getAttribute("class").replaceAll(".*\\bo-(\\S+).*", "$1");
                assertTrue(HtmlReport.OUTCOMES.contains(outcome), rect.getAttribute("class"));
            }
        }
        Map<String, Integer> expected = new HashMap<>();
        int attempts = 0;
        for (TaskRecord task : state.tasks.values()) {
            for (AttemptRecord attempt : task.attempts) {
                expected.put(task.id + "#" + attempt.number, 1);
                attempts++;
            }
        }
        assertEquals(expected, bars);
        assertEquals(2, state.tasks.get("CORE-2").attemptCount());
        assertEquals(2, state.tasks.get("WEB-1").attemptCount());
        assertEquals(6, attempts);
        // Failed attempts are drawn as failures, retried-then-succeeded as both.
        assertTrue(elements(document, "rect").stream().anyMatch(r -> r.getAttribute("data-attempt").equals("WEB-1#2")
                && hasClass(r, "o-failed")));
        assertTrue(elements(document, "rect").stream().anyMatch(r -> r.getAttribute("data-attempt").equals("CORE-2#2")
                && hasClass(r, "o-succeeded")));

        // Wave starts and merges are marked.
        long waveMarks = elements(document, "g").stream().filter(g -> hasClass(g, "wave-start")).count();
        assertEquals(2, waveMarks, "two waves started");
        long mergeMarks = elements(document, "polygon").stream().filter(p -> hasClass(p, "merge")).count();
        assertEquals(state.mergeResults.size(), mergeMarks);

        // The dependency graph has a node per task and an edge per dependency inside the batch.
        long nodes = elements(document, "g").stream().filter(g -> hasClass(g, "node")).count();
        assertEquals(state.tasks.size(), nodes);
        Set<String> edges = elements(document, "path").stream().filter(p -> hasClass(p, "edge"))
                .map(p -> p.getAttribute("data-from") + ">" + p.getAttribute("data-to")).collect(Collectors.toSet());
        assertEquals(Set.of("CORE-1>CORE-2", "WEB-1>WEB-2"), edges);

        // Every log link resolves to a file; every task that ran has one; the blocked task has none.
        Set<String> linked = new HashSet<>();
        for (Element a : elements(document, "a")) {
            String href = a.getAttribute("href");
            assertTrue(Files.isRegularFile(stateDirectory.resolve(href)), "dangling link " + href);
            if (hasClass(a, "log")) {
                linked.add(href);
            }
        }
        Set<String> ran = state.tasks.values().stream().filter(t -> !t.attempts.isEmpty())
                .map(t -> "logs/" + t.id + ".log").collect(Collectors.toSet());
        assertEquals(ran, linked);
        assertFalse(linked.contains("logs/WEB-2.log"));

        // Nothing external: no scheme, no protocol-relative reference, no src at all, no CSS url().
        assertFalse(text.contains("http:"), "http: in report");
        assertFalse(text.contains("https:"), "https: in report");
        assertFalse(text.contains("url("), "CSS url() in report");
        for (Element element : elements(document, "*")) {
            NamedNodeMap attributes = element.getAttributes();
            for (int i = 0; i < attributes.getLength(); i++) {
                String name = attributes.item(i).getNodeName();
                String value = attributes.item(i).getNodeValue();
                assertFalse(name.equals("src") || name.endsWith(":href"), element.getTagName() + " " + name);
                if (name.equals("href") || name.equals("action")) {
                    assertFalse(value.startsWith("//") || value.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*"), value);
                }
            }
        }
        assertTrue(elements(document, "link").isEmpty() && elements(document, "img").isEmpty()
                && elements(document, "iframe").isEmpty());
    }

    private void checkJunit(Path junit, BatchState state, JsonNode summary) throws Exception {
        Document document = ReportFiles.parse(junit);
        Element suite = document.getDocumentElement();
        assertEquals("testsuite", suite.getTagName());
        List<Element> cases = children(suite, "testcase");
        assertEquals(state.tasks.size(), cases.size());
        assertEquals(String.valueOf(cases.size()), suite.getAttribute("tests"));
        assertEquals("0", suite.getAttribute("errors"));
        int failures = (int) cases.stream().filter(c -> !children(c, "failure").isEmpty()).count();
        int skipped = (int) cases.stream().filter(c -> !children(c, "skipped").isEmpty()).count();
        assertEquals(String.valueOf(failures), suite.getAttribute("failures"));
        assertEquals(String.valueOf(skipped), suite.getAttribute("skipped"));
        assertEquals(2, failures, "WEB-1 failed and WEB-2 blocked");
        assertEquals(0, skipped);
        Double.parseDouble(suite.getAttribute("time"));

        // Counts agree with summary.json.
        JsonNode counts = summary.path("counts");
        assertEquals(counts.path("total").asInt(), Integer.parseInt(suite.getAttribute("tests")));
        assertEquals(counts.path("failed").asInt() + counts.path("blocked").asInt(),
                Integer.parseInt(suite.getAttribute("failures")));
        assertEquals(counts.path("skipped").asInt() + counts.path("pending").asInt() + counts.path("running").asInt(),
                Integer.parseInt(suite.getAttribute("skipped")));
        assertEquals(summary.path("junit").path("failures").asInt(), failures);

        Map<String, Element> byId = new HashMap<>();
        for (Element c : cases) {
            byId.put(c.getAttribute("name").split(" ", 2)[0], c);
            assertTrue(c.getAttribute("classname").startsWith("orch."), c.getAttribute("classname"));
            Double.parseDouble(c.getAttribute("time"));
        }
        Element succeeded = byId.get("CORE-2");
        assertEquals("orch.core", succeeded.getAttribute("classname"));
        assertEquals("CORE-2 do CORE-2", succeeded.getAttribute("name"));
        assertEquals(0, succeeded.getChildNodes().getLength() == 0 ? 0
                : children(succeeded, "failure").size() + children(succeeded, "skipped").size());

        Element failed = children(byId.get("WEB-1"), "failure").get(0);
        assertEquals(state.tasks.get("WEB-1").exitReason, failed.getAttribute("message"));
        String body = failed.getTextContent();
        assertTrue(body.contains("last words of WEB-1"), body);
        assertTrue(body.contains("]]>"), "the ]]> in the log survives the CDATA split");
        assertTrue(body.contains("red error"), body);
        assertFalse(body.contains("\u001b"), "ANSI escapes are stripped");
        assertFalse(body.contains("noise line 1\n"), "only the tail of the log");
        long lines = body.lines().count();
        assertTrue(lines <= 50 + 6, "tail is about 50 lines: " + lines);

        Element blocked = children(byId.get("WEB-2"), "failure").get(0);
        assertEquals("blocked", blocked.getAttribute("type"));
        assertTrue(blocked.getAttribute("message").startsWith("blocked: "), blocked.getAttribute("message"));
        assertTrue(blocked.getAttribute("message").contains("WEB-1"), blocked.getAttribute("message"));

        Element odd = byId.get("APP-1");
        assertEquals("APP-1 " + ODD_NAME, odd.getAttribute("name"));
        assertEquals("orch.app", odd.getAttribute("classname"));
    }

    private void checkSummary(JsonNode summary, BatchState state) {
        assertEquals(state.batchId, summary.path("batchId").asText());
        assertEquals("failed", summary.path("phase").asText());
        assertEquals(5, summary.path("tasks").size());
        assertTrue(summary.path("durationSeconds").asDouble() > 0);
        JsonNode core2 = null;
        for (JsonNode task : summary.path("tasks")) {
            if (task.path("id").asText().equals("CORE-2")) {
                core2 = task;
            }
            assertEquals(state.tasks.get(task.path("id").asText()).attemptCount(), task.path("attemptRecords").size());
        }
        assertNotNull(core2);
        assertEquals(2, core2.path("attempts").asInt());
        JsonNode first = core2.path("attemptRecords").get(0);
        assertEquals("failed", first.path("outcome").asText());
        assertEquals(1, first.path("exitCode").asInt());
        assertTrue(first.path("savedRef").asText().startsWith("refs/orch/saved/") || first.path("savedRef").isMissingNode());
        assertEquals(70, first.path("usage").path("inputTokens").asLong());
        assertEquals("succeeded", core2.path("attemptRecords").get(1).path("outcome").asText());
        assertEquals(170, core2.path("usage").path("inputTokens").asLong());
        assertEquals(27, core2.path("usage").path("outputTokens").asLong());
        assertEquals(0.75, core2.path("usage").path("costUsd").asDouble(), 1e-9);
        assertEquals("logs/CORE-2.log", core2.path("log").asText());
        assertEquals(state.mergeResults.size(), summary.path("merges").size());
        assertNotNull(summary.path("integrationResult").asText(null));
    }

    @Test
    void usageTotalsAreTheSumTheAgentsWroteAndSurviveAReload() throws Exception {
        runMixedBatch();
        // What the fake agents wrote: CORE-1 100/20/$0.50; CORE-2 attempt 1 70/7/$0.25 and attempt 2 100/20/$0.50.
        Usage expected = new Usage(270, 47, 1.25);
        BatchState reloaded = new StateStore(stateDirectory).load().orElseThrow();
        assertUsage(expected, reloaded.usage);
        assertUsage(new Usage(170, 27, 0.75), reloaded.tasks.get("CORE-2").usageTotal());
        assertUsage(new Usage(100, 20, 0.5), reloaded.tasks.get("CORE-1").usageTotal());
        assertUsage(new Usage(), reloaded.tasks.get("WEB-1").usageTotal());
        // The totals are derived from the recorded attempts: throwing the stored total away changes nothing,
        // and recounting twice (as a resume's saves do) does not double anything.
        reloaded.usage = new Usage(999, 999, 999);
        reloaded.recount();
        reloaded.recount();
        assertUsage(expected, reloaded.usage);
        JsonNode summary = Json.mapper().readTree(Reports.summaryFile(stateDirectory).toFile());
        assertEquals(270, summary.path("usage").path("inputTokens").asLong());
        assertEquals(47, summary.path("usage").path("outputTokens").asLong());
        assertEquals(1.25, summary.path("usage").path("costUsd").asDouble(), 1e-9);
        assertTrue(repo.consoleLines.contains("  usage: 270 input tokens, 47 output tokens, $1.2500"),
                String.join("\n", repo.consoleLines));
        String html = Files.readString(Reports.htmlFile(stateDirectory));
        assertTrue(html.contains("270") && html.contains("$1.2500"));
        // Reports written again from the reloaded state (what orch:status and a resume see) agree.
        Files.delete(Reports.summaryFile(stateDirectory));
        assertEquals(List.of(), Reports.write(new StateStore(stateDirectory).load().orElseThrow(), stateDirectory));
        assertEquals(270, Json.mapper().readTree(Reports.summaryFile(stateDirectory).toFile())
                .path("usage").path("inputTokens").asLong());
    }

    private static void assertUsage(Usage expected, Usage actual) {
        assertEquals(expected.inputTokens, actual.inputTokens, "input tokens");
        assertEquals(expected.outputTokens, actual.outputTokens, "output tokens");
        assertEquals(expected.costUsd, actual.costUsd, 1e-9, "cost");
    }

    @Test
    void aMergeConflictPausesTheBatchAndTheReportsNameTheConflictingFiles() throws Exception {
        repo = new TestRepo(temp);
        repo.task("core", "CORE-1", List.of("core/")).task("web", "WEB-1", List.of("web/"))
                .task("web", "WEB-2", List.of("web/"), "WEB-1");
        repo.commitAll("tasks");
        repo.behave("CORE-1", "conflict").behave("WEB-1", "conflict");
        OrchConfig config = processDriver(repo.config());
        stateDirectory = config.stateDirectory();
        BatchOutcome paused = new RunCommand(config, repo.console()).run();
        assertEquals(Phase.PAUSED, paused.phase(), paused.message());
        BatchState state = new StateStore(stateDirectory).load().orElseThrow();

        JsonNode summary = Json.mapper().readTree(Reports.summaryFile(stateDirectory).toFile());
        assertEquals("paused", summary.path("phase").asText());
        boolean conflictRecorded = false;
        for (JsonNode merge : summary.path("merges")) {
            if (merge.path("status").asText().equals("conflict")) {
                conflictRecorded = true;
                assertEquals("shared.txt", merge.path("conflictFiles").get(0).asText());
            }
        }
        assertTrue(conflictRecorded, summary.path("merges").toString());

        Document html = ReportFiles.parse(Reports.htmlFile(stateDirectory));
        assertTrue(elements(html, "code").stream().anyMatch(c -> hasClass(c, "conflict")
                && c.getTextContent().equals("shared.txt")));
        assertEquals(state.mergeResults.size(),
                elements(html, "polygon").stream().filter(p -> hasClass(p, "merge")).count());
        assertTrue(elements(html, "polygon").stream().anyMatch(p -> hasClass(p, "m-bad")), "the failed merge is marked");
        assertTrue(elements(html, "p").stream().anyMatch(p -> p.getTextContent().startsWith("Paused: merge of wave 1"
                + " failed")), "the pause reason is shown");

        Document junit = ReportFiles.parse(Reports.junitFile(stateDirectory, state.batchId));
        Element suite = junit.getDocumentElement();
        assertEquals("3", suite.getAttribute("tests"));
        assertEquals("0", suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("skipped"), "WEB-2 has not run: the batch paused");
    }

    @Test
    void abortWritesTheReportsOfTheStoppedBatch() throws Exception {
        repo = new TestRepo(temp);
        repo.task("core", "CORE-1").task("core", "CORE-2", "CORE-1");
        repo.commitAll("tasks");
        OrchConfig config = processDriver(repo.config());
        stateDirectory = config.stateDirectory();
        new RunCommand(config, repo.console()).run();
        StateStore store = new StateStore(stateDirectory);
        BatchState state = store.load().orElseThrow();
        state.phase = Phase.PAUSED;
        TaskRecord core2 = state.tasks.get("CORE-2");
        core2.status = TaskStatus.PENDING;
        core2.attempts.clear();
        store.save(state);
        Files.delete(Reports.summaryFile(stateDirectory));

        new dev.orch.engine.commands.AbortCommand(config, repo.console(), java.time.Duration.ZERO, true, false).run();

        JsonNode summary = Json.mapper().readTree(Reports.summaryFile(stateDirectory).toFile());
        assertEquals("stopped", summary.path("phase").asText(), summary.toString());
        Document junit = ReportFiles.parse(Reports.junitFile(stateDirectory, state.batchId));
        assertEquals("2", junit.getDocumentElement().getAttribute("tests"));
    }

    @Test
    void statusWritesTheReportsOfAPausedBatchWithRunningAndPendingTasksAsSkipped() throws Exception {
        repo = new TestRepo(temp);
        repo.task("core", "CORE-1").task("core", "CORE-2", "CORE-1").task("web", "WEB-1");
        repo.commitAll("tasks");
        OrchConfig config = processDriver(repo.config());
        stateDirectory = config.stateDirectory();
        new RunCommand(config, repo.console()).run();
        // Make the recorded batch look like a paused one: WEB-1 mid-attempt, CORE-2 not started.
        StateStore store = new StateStore(stateDirectory);
        BatchState state = store.load().orElseThrow();
        state.phase = Phase.PAUSED;
        state.endedAt = null;
        TaskRecord web = state.tasks.get("WEB-1");
        web.status = TaskStatus.RUNNING;
        web.endedAt = null;
        web.lastAttempt().outcome = "running";
        web.lastAttempt().endedAt = null;
        web.lastAttempt().exitedAt = null;
        TaskRecord core2 = state.tasks.get("CORE-2");
        core2.status = TaskStatus.PENDING;
        core2.attempts.clear();
        core2.startedAt = null;
        core2.endedAt = null;
        store.save(state);
        for (Path file : List.of(Reports.htmlFile(stateDirectory), Reports.summaryFile(stateDirectory),
                Reports.junitFile(stateDirectory, state.batchId))) {
            Files.delete(file);
        }

        new StatusCommand(config, repo.console()).run();

        Document junit = ReportFiles.parse(Reports.junitFile(stateDirectory, state.batchId));
        Element suite = junit.getDocumentElement();
        assertEquals("3", suite.getAttribute("tests"));
        assertEquals("0", suite.getAttribute("failures"));
        assertEquals("2", suite.getAttribute("skipped"));
        Map<String, String> skippedMessages = new HashMap<>();
        for (Element c : children(suite, "testcase")) {
            for (Element s : children(c, "skipped")) {
                skippedMessages.put(c.getAttribute("name").split(" ")[0], s.getAttribute("message"));
            }
        }
        assertTrue(skippedMessages.get("WEB-1").contains("still running"), skippedMessages.toString());
        assertTrue(skippedMessages.get("CORE-2").contains("not run yet"), skippedMessages.toString());
        Document html = ReportFiles.parse(Reports.htmlFile(stateDirectory));
        assertTrue(elements(html, "rect").stream().anyMatch(r -> hasClass(r, "bar") && hasClass(r, "o-running")
                && r.getAttribute("data-attempt").equals("WEB-1#1")));
        assertFalse(elements(html, "rect").stream().anyMatch(r -> r.getAttribute("data-attempt").startsWith("CORE-2")));
        JsonNode summary = Json.mapper().readTree(Reports.summaryFile(stateDirectory).toFile());
        assertEquals("paused", summary.path("phase").asText());
        assertEquals(1, summary.path("counts").path("running").asInt());
        assertEquals(1, summary.path("counts").path("pending").asInt());
        assertTrue(repo.consoleLines.contains("Report: target/orchestrate/report.html"), repo.consoleLines.toString());
    }
}
