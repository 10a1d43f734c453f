package dev.orch.engine.running;

import dev.orch.engine.state.BatchState;
import dev.orch.engine.state.MergeRecord;
import dev.orch.engine.state.Phase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lane merges into the integration branch: conflicts, the merge agent, verifyCommand, onMergeFailure, mergeOrder. */
class MergeTest extends RunTestSupport {

    /** Two tasks in two lanes (different areas, no file scopes) that both rewrite line 1 of shared.txt. */
    private void twoLanesEditingTheSameLine() throws Exception {
        repo.write("shared.txt", "base line\n");
        repo.task("core", "A-1").behave("A-1", "conflict");
        repo.task("web", "B-1").behave("B-1", "conflict");
        repo.task("core", "C-1", "A-1", "B-1"); // the next wave, which must not start
        repo.commitAll("tasks");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tmux", "process"})
    void aConflictIsReportedWithItsFileAndPausesTheBatchKeepingTheLanes(String driver) throws Exception {
        twoLanesEditingTheSameLine();
        String mainBefore = repo.run("rev-parse", "main");

        BatchOutcome outcome = repo.run(repo.config(c -> c.driver = driver));

        assertEquals(Phase.PAUSED, outcome.phase(), outcome.message());
        assertTrue(String.join("\n", repo.consoleLines).contains("shared.txt"), "console names the file");
        assertTrue(outcome.message().contains("shared.txt"), "the outcome (the build's failure message) names the"
                + " conflicting file: " + outcome.message());
        BatchState state = repo.state();
        assertEquals(Phase.PAUSED, state.phase);
        List<MergeRecord> conflicts = state.mergeResults.stream().filter(m -> m.status.equals("conflict")).toList();
        assertEquals(1, conflicts.size(), "one of the two lanes conflicts");
        assertEquals(List.of("shared.txt"), conflicts.get(0).conflictFiles);
        assertEquals(List.of(), ledger().of("C-1"), "the next wave did not start");
        assertEquals(mainBefore, repo.run("rev-parse", "main"), "nothing integrated");
        // Both lanes' worktrees and branches are kept, the conflicting one holding its work.
        String conflicting = conflicts.get(0).branch;
        assertTrue(repo.branches().contains(conflicting), repo.branches().toString());
        assertTrue(repo.show(conflicting, "shared.txt").matches("[AB]-1 was here"));
        for (String lane : List.of("w1-l1", "w1-l2")) {
            Path worktree = repo.root.resolve(".orch/worktrees/" + outcome.batchId() + "/" + lane);
            assertTrue(Files.isDirectory(worktree), lane + " removed");
            assertTrue(repo.worktrees().stream().anyMatch(w -> w.endsWith("/" + lane)), repo.worktrees().toString());
        }
        // The merge was aborted cleanly: the integration branch has exactly one lane merged.
        String integration = "orch/" + outcome.batchId();
        assertEquals(1, repo.firstParentSubjects(integration).stream().filter(s -> s.startsWith("orch: merge")).count());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tmux", "process"})
    void aMergeAgentThatResolvesTheConflictLetsTheBatchComplete(String driver) throws Exception {
        twoLanesEditingTheSameLine();
        Path seen = repo.fixtures.resolve("merge-agent.env");
        String resolve = "printf '%s|%s|%s' \"$ORCH_MERGE_SOURCE\" \"$ORCH_MERGE_TARGET\" \"$ORCH_CONFLICT_FILES\" > '"
                + seen + "' && printf 'A-1 was here\\nB-1 was here\\n' > shared.txt && git add shared.txt"
                + " && git commit -q --no-edit";

        BatchOutcome outcome = repo.run(repo.config(c -> {
            c.driver = driver;
            c.mergeAgentCommand = resolve;
        }));

        assertCompleted(outcome);
        assertEquals("A-1 was here\nB-1 was here", repo.show("main", "shared.txt"));
        assertContains(repo.filesAt("main"), "out/A-1.txt", "out/B-1.txt", "out/C-1.txt");
        String[] env = Files.readString(seen).split("\\|", -1);
        assertTrue(env[0].matches("orch/lanes/" + outcome.batchId() + "/w1-l[12]"), env[0]);
        assertEquals("orch/" + outcome.batchId(), env[1]);
        assertEquals("shared.txt", env[2]);
        assertEquals("ok", ledger().first("C-1").deps());
    }

    @Test
    void aMergeAgentThatLeavesTheConflictIsAMergeFailure() throws Exception {
        twoLanesEditingTheSameLine();

        BatchOutcome outcome = repo.run(repo.config(c -> c.mergeAgentCommand = "echo giving up"));

        assertEquals(Phase.PAUSED, outcome.phase(), outcome.message());
        assertTrue(repo.state().mergeResults.stream().anyMatch(m -> m.conflictFiles.equals(List.of("shared.txt"))));
    }

    @ParameterizedTest
    @CsvSource({"pause, PAUSED", "abort, FAILED"})
    void aFailingVerifyCommandUndoesThatLanesMerge(String onMergeFailure, Phase expected) throws Exception {
        repo.task("core", "CORE-1").task("web", "WEB-1").task("core", "CORE-2", "CORE-1");
        repo.commitAll("tasks");

        BatchOutcome outcome = repo.run(repo.config(c -> {
            c.verifyCommand = "test ! -f out/WEB-1.txt";
            c.onMergeFailure = onMergeFailure;
        }));

        assertEquals(expected, outcome.phase(), outcome.message());
        String integration = "orch/" + outcome.batchId();
        List<String> merged = repo.filesAt(repo.branches().contains(integration) ? integration : "main");
        assertContains(merged, "out/CORE-1.txt");
        assertLacks(merged, "out/WEB-1.txt", done("web", "WEB-1"));
        assertLacks(repo.filesAt("main"), "out/WEB-1.txt");
        assertTrue(repo.state().mergeResults.stream().anyMatch(m -> m.status.equals("verify-failed")
                && m.branch.endsWith("/w1-l2")), "reported in the state");
        assertTrue(String.join("\n", repo.consoleLines).contains("verifyCommand failed"), "reported on the console");
        assertTrue(outcome.message().contains("verifyCommand failed"), outcome.message());
        assertEquals(List.of(), ledger().of("CORE-2"), "nothing runs after a merge failure");
        // The lane's work is kept on its branch either way.
        String webLane = "orch/lanes/" + outcome.batchId() + "/w1-l2";
        assertContains(repo.filesAt(webLane), "out/WEB-1.txt");
        if (onMergeFailure.equals("abort")) {
            assertEquals(1, repo.worktrees().size(), "abort removes the worktrees: " + repo.worktrees());
            assertTrue(outcome.blocked().stream().anyMatch(b -> b.startsWith("CORE-2")), outcome.blocked().toString());
            assertTrue(outcome.failed().stream().anyMatch(f -> f.startsWith("WEB-1") && f.contains("did not merge")
                    && f.contains(webLane)), "a task whose lane did not merge is not reported as fine: "
                    + outcome.failed());
            assertTrue(outcome.message().contains("git merge"), outcome.message());
            assertFalse(outcome.message().contains("Fix the failed tasks"), "no task failed: " + outcome.message());
        } else {
            assertTrue(repo.worktrees().size() > 1, "pause keeps the worktrees");
        }
    }

    /** Lane 1 (A-1 and A-2 share files) changes four files, lane 2 (B-1) two. */
    @ParameterizedTest
    @CsvSource({"sequential, '1,2'", "fewest-files-first, '2,1'"})
    void mergeOrderDecidesTheOrderOfMergeCommits(String mergeOrder, String lanes) throws Exception {
        repo.task("core", "A-1", List.of("src/a/")).task("core", "A-2", List.of("src/a/"));
        repo.task("web", "B-1");
        repo.commitAll("tasks");

        BatchOutcome outcome = repo.run(repo.config(c -> c.mergeOrder = mergeOrder));

        assertCompleted(outcome);
        assertEquals(1, ledger().lanes().get("A-1"));
        List<String> merges = new java.util.ArrayList<>(repo.firstParentSubjects("main").stream()
                .filter(s -> s.startsWith("orch: merge"))
                .map(s -> s.replaceAll("orch: merge wave 1 lane (\\d+) .*", "$1")).toList());
        java.util.Collections.reverse(merges); // oldest first
        assertEquals(List.of(lanes.split(",")), merges);
    }
}
