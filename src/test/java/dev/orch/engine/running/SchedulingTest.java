package dev.orch.engine.running;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orch.engine.planning.Strategy;
import dev.orch.testing.Ledger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Waves, dependency order, the lane budget and lane assignment, as the agents experienced them. */
class SchedulingTest extends RunTestSupport {
    private static final Pattern MERGE_SUBJECT = Pattern.compile("orch: merge wave (\\d+) lane (\\d+) \\((.*)\\)");

    @ParameterizedTest
    @ValueSource(strings = {"tmux", "process"})
    void everyTaskStartsAfterItsDependenciesWereMerged(String driver) throws Exception {
        // Three waves: A-1 and B-1; A-2 (needs A-1); C-1 (needs A-2 and B-1, one of them transitively via A-1).
        repo.task("core", "A-1").task("core", "A-2", "A-1").task("web", "B-1").task("web", "C-1", "A-2", "B-1");
        repo.commitAll("tasks");

        assertCompleted(repo.run(repo.config(c -> c.driver = driver)));

        Ledger ledger = ledger();
        for (Ledger.Run run : ledger.runs()) {
            assertEquals("ok", run.deps(), run.task() + " started without its dependencies' work: " + run);
        }
        // When did each task's lane land on the integration branch? Task -> (wave, lane) from git's merge
        // commits, merge time from the event log.
        Map<String, String> laneOfTask = new HashMap<>();
        for (String subject : repo.firstParentSubjects("main")) {
            Matcher m = MERGE_SUBJECT.matcher(subject);
            if (m.matches()) {
                for (String id : m.group(3).split(", ")) {
                    laneOfTask.put(id, m.group(1) + "/" + m.group(2));
                }
            }
        }
        assertEquals(4, laneOfTask.size(), "every task's lane is merged on main: " + laneOfTask);
        Map<String, Instant> mergedAt = new HashMap<>();
        for (JsonNode event : repo.events()) {
            if (event.path("type").asText().equals("merge.merged")) {
                mergedAt.put(event.path("wave").asText() + "/" + event.path("lane").asText(),
                        Instant.parse(event.path("ts").asText()));
            }
        }
        Map<String, List<String>> dependencies = Map.of("A-2", List.of("A-1"), "C-1", List.of("A-2", "B-1", "A-1"));
        dependencies.forEach((task, deps) -> {
            long started = ledger.first(task).start();
            for (String dep : deps) {
                Instant merged = mergedAt.get(laneOfTask.get(dep));
                assertTrue(merged != null && merged.toEpochMilli() <= started, task + " started at " + started
                        + " before " + dep + "'s lane was merged at " + merged);
                assertTrue(ledger.first(dep).end() <= started, task + " started before " + dep + " ended");
            }
        });
        assertContains(repo.filesAt("main"), "out/A-1.txt", "out/A-2.txt", "out/B-1.txt", "out/C-1.txt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tmux", "process"})
    void peakConcurrencyIsExactlyMaxLanes(String driver) throws Exception {
        for (int i = 1; i <= 6; i++) {
            repo.task("core", "T-" + i).behave("T-" + i, "sleep:1");
        }
        repo.commitAll("tasks");

        assertCompleted(repo.run(repo.config(c -> c.driver = driver)));

        Ledger ledger = ledger();
        assertEquals(6, ledger.runs().size(), ledger.toString());
        assertEquals(3, ledger.peakConcurrency(), "agents running at once: " + ledger);
        assertEquals(3, ledger.runs().stream().map(Ledger.Run::pwd).distinct().count(), "one worktree per lane");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void maxLanesBoundsConcurrency(int maxLanes) throws Exception {
        for (int i = 1; i <= 4; i++) {
            repo.task("core", "T-" + i).behave("T-" + i, "sleep:0.6");
        }
        repo.commitAll("tasks");

        assertCompleted(repo.run(repo.config(c -> c.maxLanes = maxLanes)));

        Ledger ledger = ledger();
        assertEquals(maxLanes, ledger.peakConcurrency(), ledger.toString());
        assertEquals(maxLanes, ledger.runs().stream().map(Ledger.Run::lane).distinct().count(), ledger.toString());
    }

    /**
     * A-1 is large (weight 4), B-1 and B-2 share a file scope (one group of weight 2), C-1 is small; two lanes.
     * round-robin deals groups by ID; load-balanced places the heaviest first; affinity-first places the
     * multi-task group first.
     */
    @ParameterizedTest
    @CsvSource({
            "round-robin,    1, 2, 1",
            "load-balanced,  1, 2, 2",
            "affinity-first, 2, 1, 1"})
    void strategyDecidesTheLaneEachAgentRunsIn(String strategy, int laneA, int laneB, int laneC) throws Exception {
        repo.prompt("core", "A-1-task", "# Task: A-1 — big\n\n**Size:** L\n\n## Dependencies\n\n- None\n");
        repo.task("core", "B-1", List.of("src/b/")).task("core", "B-2", List.of("src/b/**"));
        repo.task("core", "C-1");
        repo.behave("B-1", "sleep:0.3").behave("B-2", "sleep:0.3");
        repo.commitAll("tasks");

        assertCompleted(repo.run(repo.config(c -> {
            c.maxLanes = 2;
            c.strategy = Strategy.parse(strategy);
        })));

        Map<String, Integer> lanes = ledger().lanes();
        assertEquals(Map.of("A-1", laneA, "B-1", laneB, "B-2", laneB, "C-1", laneC), lanes);
        // Tasks sharing files run one after another.
        Ledger.Run b1 = ledger().first("B-1");
        Ledger.Run b2 = ledger().first("B-2");
        assertTrue(b1.end() <= b2.start() || b2.end() <= b1.start(), "B-1 and B-2 overlapped: " + b1 + " " + b2);
    }

    @org.junit.jupiter.api.Test
    void aDependencyCompleteBeforeTheBatchIsAlreadySatisfied() throws Exception {
        repo.task("core", "A-1").task("core", "B-1", "A-1");
        repo.write("tasks/core/A-1-task/.DONE", "done earlier\n");
        repo.write("out/A-1.txt", "A-1\n"); // its work, as an earlier batch left it
        repo.commitAll("tasks");

        assertCompleted(repo.run(repo.config()));

        assertEquals(List.of("B-1"), ledger().tasks(), "A-1 is complete and does not run");
        assertEquals("ok", ledger().first("B-1").deps());
        assertContains(repo.filesAt("main"), done("core", "B-1"));
    }
}
