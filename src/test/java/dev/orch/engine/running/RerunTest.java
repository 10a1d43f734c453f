package dev.orch.engine.running;

import dev.orch.engine.state.Phase;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** "Fix the failed tasks, then run orch:run again: completed tasks are not run twice." */
class RerunTest extends RunTestSupport {

    @Test
    void aRunAfterAFailedBatchRunsOnlyWhatDidNotLand() throws Exception {
        repo.task("core", "A-1").task("core", "B-1", "A-1").task("web", "C-1");
        repo.behave("A-1", "fail");
        repo.commitAll("tasks");
        BatchOutcome first = repo.run(repo.config(c -> c.maxRetries = 0));
        assertEquals(Phase.FAILED, first.phase(), first.message());

        repo.behave("A-1", "ok"); // the user fixed it
        BatchOutcome second = repo.run(repo.config(c -> c.maxRetries = 0));

        assertCompleted(second);
        assertNotEquals(first.batchId(), second.batchId());
        assertEquals(2, ledger().of("A-1").size());
        assertEquals(1, ledger().of("B-1").size());
        assertEquals(1, ledger().of("C-1").size(), "C-1 landed in the first batch and did not run again");
        assertContains(repo.filesAt("main"), "out/A-1.txt", "out/B-1.txt", "out/C-1.txt", done("core", "A-1"),
                done("core", "B-1"), done("web", "C-1"));
    }

    @Test
    void aRunAfterAMergeFailureWithAbortRunsTheUnmergedTasksAgain() throws Exception {
        repo.task("core", "CORE-1").task("web", "WEB-1").task("core", "CORE-2", "CORE-1");
        repo.commitAll("tasks");
        BatchOutcome first = repo.run(repo.config(c -> {
            c.verifyCommand = "test ! -f out/WEB-1.txt";
            c.onMergeFailure = "abort";
        }));
        assertEquals(Phase.FAILED, first.phase(), first.message());

        BatchOutcome second = repo.run(repo.config());

        assertCompleted(second);
        assertEquals(1, ledger().of("CORE-1").size());
        assertEquals(2, ledger().of("WEB-1").size());
        assertEquals(1, ledger().of("CORE-2").size());
        assertContains(repo.filesAt("main"), "out/CORE-1.txt", "out/WEB-1.txt", "out/CORE-2.txt");
        // The first batch's unmerged lane branch is still there for the user; nothing else of either batch.
        assertEquals(List.of("main", "orch/lanes/" + first.batchId() + "/w1-l2"), repo.branches());
    }

    /**
     * Two batches can start within the same second (fast agents, a quick rerun). A batch ID that already has
     * saved work (or a recorded history) must not be reused: its refs would be overwritten.
     */
    @Test
    void aNewBatchNeverReusesTheIdOfEarlierSavedWork() throws Exception {
        repo.task("core", "A-1").behave("A-1", "fail");
        repo.commitAll("tasks");
        String commit = repo.run("rev-parse", "HEAD");
        java.time.format.DateTimeFormatter format = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
        java.time.ZonedDateTime now = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC);
        List<String> earlier = new java.util.ArrayList<>();
        for (int s = 0; s < 5; s++) { // saved work of "earlier batches" for the seconds this run may start in
            String ref = "refs/orch/saved/" + now.plusSeconds(s).format(format) + "/A-1-attempt-1";
            repo.run("update-ref", ref, commit);
            earlier.add(ref);
        }

        BatchOutcome outcome = repo.run(repo.config(c -> c.maxRetries = 0));

        assertEquals(Phase.FAILED, outcome.phase(), outcome.message());
        for (String ref : earlier) {
            assertEquals(commit, repo.run("rev-parse", ref), ref + " was overwritten by batch " + outcome.batchId());
        }
        assertContains(repo.filesAt("refs/orch/saved/" + outcome.batchId() + "/A-1-attempt-1"), "partial/A-1.txt");
    }
}
