package dev.orch.maven;

import dev.orch.engine.OrchException;
import dev.orch.engine.running.BatchOutcome;
import dev.orch.engine.state.Phase;
import dev.orch.testing.TestRepo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** failOnTaskFailure, on the outcome of a real batch with a failed and a blocked task (SPEC section 7). */
class BatchVerdictTest {
    @TempDir
    Path temp;
    private TestRepo repo;

    @AfterEach
    void stop() {
        if (repo != null) {
            repo.close();
        }
    }

    private BatchOutcome failedBatch() throws Exception {
        repo = new TestRepo(temp);
        repo.task("core", "A-1").behave("A-1", "fail").task("core", "B-1", "A-1").task("web", "C-1");
        repo.commitAll("tasks");
        BatchOutcome outcome = repo.run(repo.config(c -> {
            c.maxRetries = 0;
            c.driver = "process";
        }));
        assertEquals(Phase.FAILED, outcome.phase());
        return outcome;
    }

    @Test
    void aBatchWithFailedTasksFailsTheBuildNamingTasksLogsAndTheNextCommand() throws Exception {
        BatchOutcome outcome = failedBatch();

        OrchException failure = assertThrows(OrchException.class,
                () -> BatchVerdict.apply(outcome, true, repo.console()));

        assertTrue(failure.getMessage().contains("A-1"), failure.getMessage());
        assertTrue(failure.getMessage().contains("target/orchestrate/logs/A-1.log"), failure.getMessage());
        assertTrue(failure.getMessage().contains("B-1"), failure.getMessage());
        assertTrue(failure.getMessage().contains("mvn orch:run"), failure.getMessage());
    }

    @Test
    void failOnTaskFailureFalseKeepsTheBuildGreenAndStillReports() throws Exception {
        BatchOutcome outcome = failedBatch();
        int before = repo.consoleLines.size();

        assertDoesNotThrow(() -> BatchVerdict.apply(outcome, false, repo.console()));

        String reported = String.join("\n", repo.consoleLines.subList(before, repo.consoleLines.size()));
        assertTrue(reported.startsWith("WARN") && reported.contains("A-1"), reported);
    }
}
