package dev.orch.engine.running;

import dev.orch.engine.commands.RunCommand;
import dev.orch.engine.state.Phase;
import dev.orch.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ff integration into a checked-out base branch with local changes in the way. */
class IntegrationLocalChangesTest {
    @TempDir
    Path temp;

    private TestRepo repoWhoseAgentWrites(String content) throws Exception {
        TestRepo repo = new TestRepo(temp);
        repo.task("core", "CORE-1").behave("CORE-1", "ok");
        repo.write("out/CORE-1.txt", "placeholder\n");
        repo.commitAll("tasks and a file the agent rewrites");
        repo.write("out/CORE-1.txt", content);   // the user's uncommitted edit of that file
        return repo;
    }

    @Test
    void aDifferentLocalChangeBlocksTheFastForwardAndStaysAsItWas() throws Exception {
        TestRepo repo = repoWhoseAgentWrites("my own edit\n");
        var outcome = new RunCommand(repo.config(), repo.console()).run();
        assertEquals(Phase.COMPLETED, outcome.phase(), outcome.message());
        assertEquals("my own edit\n", Files.readString(repo.root.resolve("out/CORE-1.txt")), "never discarded");
        assertEquals("placeholder", repo.show("main", "out/CORE-1.txt"), "main not moved");
        assertTrue(outcome.message().contains("git merge orch/" + outcome.batchId()), outcome.message());
    }

    @Test
    void aLocalChangeIdenticalToWhatTheBatchBringsDoesNotBlockIt() throws Exception {
        TestRepo repo = repoWhoseAgentWrites("CORE-1\n");   // exactly what the fake agent writes
        var outcome = new RunCommand(repo.config(), repo.console()).run();
        assertEquals(Phase.COMPLETED, outcome.phase(), outcome.message());
        assertEquals("CORE-1", repo.show("main", "out/CORE-1.txt"));
        assertTrue(repo.filesAt("main").contains("tasks/core/CORE-1-task/.DONE"), "main fast-forwarded");
        assertEquals("", repo.run("status", "--porcelain"), "nothing left over");
    }

    @Test
    void mergeIntegrationRefusesAnyLocalChangeInTheWayAndLeavesTheIndexAlone() throws Exception {
        TestRepo repo = repoWhoseAgentWrites("CORE-1\n");
        var outcome = new RunCommand(repo.config(c -> c.integration = "merge"), repo.console()).run();
        assertEquals(Phase.COMPLETED, outcome.phase(), outcome.message());
        assertEquals("placeholder", repo.show("main", "out/CORE-1.txt"), "main not moved");
        assertTrue(outcome.message().contains("git merge orch/" + outcome.batchId()), outcome.message());
        assertEquals("M out/CORE-1.txt", repo.run("status", "--porcelain"), "still unstaged, content as it was");
        assertEquals("CORE-1\n", Files.readString(repo.root.resolve("out/CORE-1.txt")));
    }
}
