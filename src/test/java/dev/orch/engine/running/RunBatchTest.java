package dev.orch.engine.running;

import dev.orch.engine.OrchConfig;
import dev.orch.engine.commands.RunCommand;
import dev.orch.engine.state.Phase;
import dev.orch.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunBatchTest {
    @TempDir
    Path temp;

    @Test
    void smoke() throws Exception {
        TestRepo repo = new TestRepo(temp);
        repo.task("core", "CORE-1").task("core", "CORE-2", "CORE-1").task("web", "WEB-1");
        repo.commitAll("tasks");
        OrchConfig config = repo.config();
        BatchOutcome outcome = new RunCommand(config, repo.console()).run();
        repo.consoleLines.forEach(System.out::println);
        System.out.println(repo.ledgerLines());
        assertEquals(Phase.COMPLETED, outcome.phase(), outcome.message());
        assertTrue(repo.filesAt("main").contains("out/CORE-2.txt"));
    }
}
