package dev.orch.engine.running;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orch.engine.OrchConfig;
import dev.orch.engine.OrchException;
import dev.orch.engine.commands.ResumeCommand;
import dev.orch.engine.commands.RunCommand;
import dev.orch.engine.state.BatchState;
import dev.orch.engine.state.Json;
import dev.orch.engine.state.Phase;
import dev.orch.engine.state.StateStore;
import dev.orch.engine.state.TaskStatus;
import dev.orch.testing.EngineProcess;
import dev.orch.testing.TestRepo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What resume re-checks before going on: prompts, the recorded graph, merged waves, spent retries. */
class ResumeReconcileTest {
    @TempDir
    Path temp;
    private TestRepo repo;

    @AfterEach
    void cleanUp() {
        if (repo != null) {
            repo.close();
        }
    }

    private Path stateFile() {
        return repo.config().stateDirectory().resolve(StateStore.FILE_NAME);
    }

    private BatchState state() {
        return new StateStore(repo.config().stateDirectory()).load().orElseThrow();
    }

    /** A batch whose wave 2 pauses on a merge conflict, after wave 1 merged. */
    private void pausedInWaveTwo() throws Exception {
        repo = new TestRepo(temp);
        repo.task("core", "CORE-1").task("web", "WEB-1")
                .task("core", "CORE-2", "CORE-1").task("web", "WEB-2", "WEB-1").task("web", "WEB-3", "CORE-2", "WEB-2")
                .behave("CORE-2", "conflict").behave("WEB-2", "conflict").behave("WEB-3", "prompt");
        repo.commitAll("tasks");
        var outcome = new RunCommand(repo.config(), repo.console()).run();
        assertEquals(Phase.PAUSED, outcome.phase(), outcome.message());
        assertEquals(1, state().mergedWave);
    }

    private void resolveConflictOnLaneBranch() throws Exception {
        BatchState state = state();
        var conflict = state.mergeResults.stream().filter(m -> m.status.equals("conflict")).findFirst().orElseThrow();
        Path worktree = Path.of(state.lanes.get("w" + conflict.wave + "-l" + conflict.lane).worktree);
        var git = repo.git.at(worktree);
        git.run("merge", state.integrationBranch);
        Files.writeString(worktree.resolve("shared.txt"), "resolved\n");
        git.run("add", "shared.txt");
        assertTrue(git.run("-c", "user.name=U", "-c", "user.email=u@x", "commit", "-q", "--no-edit").ok());
    }

    @Test
    void changedPromptsAreReportedAndAPendingTaskRunsWithTheNewText() throws Exception {
        pausedInWaveTwo();
        resolveConflictOnLaneBranch();
        repo.write("tasks/web/WEB-3-task/PROMPT.md", "# Task: WEB-3 — new text\n\n## Dependencies\n\n- CORE-2\n- WEB-2\n");
        repo.write("tasks/core/CORE-1-task/PROMPT.md", "# Task: CORE-1 — edited after it ran\n");

        var outcome = new ResumeCommand(repo.config(), repo.console()).run();

        assertEquals(Phase.COMPLETED, outcome.phase(), outcome.message());
        assertTrue(repo.consoleLines.stream().anyMatch(l -> l.startsWith("WARN") && l.contains("CORE-1")
                && l.contains("PROMPT.md changed")), repo.consoleLines.toString());
        assertTrue(repo.consoleLines.stream().anyMatch(l -> l.contains("WEB-3") && l.contains("new content")),
                repo.consoleLines.toString());
        // WEB-3's edit is exactly what the batch brings, so the fast-forward goes through; CORE-1's edit is the
        // user's own local change and stays untouched.
        assertTrue(repo.show("main", "out/WEB-3.prompt").contains("new text"), "WEB-3 saw its new PROMPT.md");
        assertTrue(repo.show("main", "tasks/web/WEB-3-task/PROMPT.md").contains("new text"));
        assertTrue(Files.readString(repo.root.resolve("tasks/core/CORE-1-task/PROMPT.md")).contains("edited after it ran"),
                "the user's local edit is untouched");
        List<String> localChanges = repo.run("status", "--porcelain").lines().toList();
        assertTrue(localChanges.stream().anyMatch(l -> l.endsWith("tasks/core/CORE-1-task/PROMPT.md")), localChanges.toString());
        assertTrue(localChanges.stream().noneMatch(l -> l.contains("WEB-3")), "only the user's own edit is left: "
                + localChanges);
    }

    @Test
    void aMergedWaveThatIsNotInTheIntegrationBranchIsMergedAgain() throws Exception {
        pausedInWaveTwo();
        resolveConflictOnLaneBranch();
        BatchState state = state();
        // Someone resets the integration branch: wave 1's merges are gone although the state says merged.
        repo.run("update-ref", "refs/heads/" + state.integrationBranch, state.baseCommit);

        var outcome = new ResumeCommand(repo.config(), repo.console()).run();

        assertEquals(Phase.COMPLETED, outcome.phase(), outcome.message() + repo.consoleLines);
        assertTrue(repo.filesAt("main").containsAll(List.of("out/CORE-1.txt", "out/WEB-1.txt",
                "tasks/core/CORE-1-task/.DONE", "tasks/web/WEB-1-task/.DONE", "out/WEB-3.txt")), repo.filesAt("main").toString());
        assertEquals(1, repo.starts("CORE-1").size(), "merging again never runs the task again");
        assertTrue(repo.consoleLines.stream().anyMatch(l -> l.contains("recorded as merged but is not in")),
                repo.consoleLines.toString());
    }

    @Test
    void anInvalidRecordedGraphStopsResumeWithTheCycleAndChangesNothing() throws Exception {
        pausedInWaveTwo();
        ObjectNode json = (ObjectNode) Json.mapper().readTree(stateFile().toFile());
        ((ArrayNode) json.with("tasks").with("CORE-1").withArray("dependencies")).add("WEB-3");
        Files.write(stateFile(), Json.mapper().writeValueAsBytes(json));
        byte[] before = Files.readAllBytes(stateFile());
        String integrationTip = repo.run("rev-parse", state().integrationBranch);

        OrchException error = assertThrows(OrchException.class,
                () -> new ResumeCommand(repo.config(), repo.console()).run());

        assertTrue(error.getMessage().contains("CORE-1 -> WEB-3") || error.getMessage().contains("cycle"), error.getMessage());
        assertTrue(error.getMessage().contains("mvn orch:abort"), error.getMessage());
        assertArrayEquals(before, Files.readAllBytes(stateFile()));
        assertEquals(integrationTip, repo.run("rev-parse", state().integrationBranch));

        ((ArrayNode) json.with("tasks").with("CORE-1").withArray("dependencies")).removeAll().add("NOPE-9");
        Files.write(stateFile(), Json.mapper().writeValueAsBytes(json));
        OrchException unknown = assertThrows(OrchException.class,
                () -> new ResumeCommand(repo.config(), repo.console()).run());
        assertTrue(unknown.getMessage().contains("NOPE-9"), unknown.getMessage());
    }

    @Test
    void retriesAlreadySpentStaySpentAcrossRepeatedCrashes() throws Exception {
        repo = new TestRepo(temp);
        repo.task("core", "CORE-1").task("web", "WEB-1").behave("CORE-1", "sleep-fail");
        repo.commitAll("tasks");
        Map<String, String> props = new LinkedHashMap<>();
        props.put("orch.agentCommand", repo.agentCommand());
        props.put("orch.maxRetries", "1");
        EngineProcess first = EngineProcess.start("run", repo.root, temp.resolve("run.out"), props);
        ResumeScenariosTest.waitFor("attempt 1", () -> starts("CORE-1") >= 1);
        first.process.destroyForcibly().waitFor();
        EngineProcess second = EngineProcess.start("resume", repo.root, temp.resolve("resume.out"), props);
        ResumeScenariosTest.waitFor("attempt 2", () -> starts("CORE-1") >= 2);
        second.process.destroyForcibly().waitFor();
        ResumeScenariosTest.waitFor("attempt 2 to end", () -> {
            try {
                return repo.ledgerLines().stream().anyMatch(l -> l.startsWith("CORE-1 attempt=2") && l.contains("end="));
            } catch (Exception e) {
                return false;
            }
        });

        var outcome = new ResumeCommand(repo.config(), repo.console()).run();

        assertEquals(Phase.FAILED, outcome.phase(), outcome.message());
        assertEquals(2, repo.starts("CORE-1").size(), "1 + maxRetries invocations, however many crashes: "
                + repo.ledgerLines());
        assertEquals(TaskStatus.FAILED, state().tasks.get("CORE-1").status);
        assertEquals(TaskStatus.SUCCEEDED, state().tasks.get("WEB-1").status);
        assertTrue(repo.filesAt("main").contains("out/WEB-1.txt"));
    }

    private int starts(String id) {
        try {
            return repo.starts(id).size();
        } catch (Exception e) {
            return 0;
        }
    }

    @SuppressWarnings("unused")
    private OrchConfig config() {
        return repo.config();
    }
}
