package dev.orch.engine.running;

import dev.orch.engine.OrchException;
import dev.orch.engine.commands.ResumeCommand;
import dev.orch.engine.commands.RunCommand;
import dev.orch.engine.commands.StatusCommand;
import dev.orch.engine.state.Phase;
import dev.orch.testing.EngineProcess;
import dev.orch.testing.TestRepo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** While orch:run works in one terminal: a second run or resume is refused, status reads along. */
class ConcurrentGoalsTest {
    @TempDir
    Path temp;
    private TestRepo repo;

    @AfterEach
    void cleanUp() {
        if (repo != null) {
            repo.close();
        }
    }

    @Test
    void aSecondRunOrResumeIsRefusedAndStatusReadsTheRunningBatch() throws Exception {
        repo = new TestRepo(temp);
        repo.task("core", "CORE-1").task("core", "CORE-2", "CORE-1").behave("CORE-1", "sleep:3");
        repo.commitAll("tasks");
        EngineProcess run = EngineProcess.start("run", repo.root, temp.resolve("run.out"),
                Map.of("orch.agentCommand", repo.agentCommand()));
        ResumeScenariosTest.waitFor("CORE-1 to start", () -> {
            try {
                return !repo.starts("CORE-1").isEmpty();
            } catch (Exception e) {
                return false;
            }
        });

        OrchException second = assertThrows(OrchException.class, () -> new RunCommand(repo.config(), repo.console()).run());
        assertTrue(second.getMessage().contains("Another Orch goal is running"), second.getMessage());
        OrchException resume = assertThrows(OrchException.class, () -> new ResumeCommand(repo.config(), repo.console()).run());
        assertTrue(resume.getMessage().contains("Another Orch goal is running"), resume.getMessage());

        var state = new StatusCommand(repo.config(), repo.console()).run().orElseThrow();
        assertEquals(Phase.EXECUTING, state.phase);
        assertTrue(repo.consoleLines.stream().anyMatch(l -> l.contains("(a goal is running now)")), repo.consoleLines.toString());
        assertTrue(repo.consoleLines.stream().anyMatch(l -> l.contains("CORE-1") && l.contains("running")
                && l.contains("logs/CORE-1.log")), repo.consoleLines.toString());

        assertTrue(run.process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, run.process.exitValue(), run.output());
        assertEquals(1, repo.starts("CORE-1").size(), "the refused goals started nothing");
        assertEquals(1, repo.starts("CORE-2").size());
    }
}
