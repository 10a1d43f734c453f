package dev.orch.engine.running;

import dev.orch.engine.OrchConfig;
import dev.orch.engine.commands.AbortCommand;
import dev.orch.engine.commands.ResumeCommand;
import dev.orch.engine.commands.RunCommand;
import dev.orch.engine.OrchException;
import dev.orch.engine.sessions.ProcessGroups;
import dev.orch.engine.state.BatchState;
import dev.orch.engine.state.Phase;
import dev.orch.engine.state.StateStore;
import dev.orch.engine.util.Processes;
import dev.orch.testing.EngineProcess;
import dev.orch.testing.TestRepo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Resume, Ctrl-C and abort against an orchestrator process that is really killed or interrupted. */
class ResumeScenariosTest {
    @TempDir
    Path temp;
    private TestRepo repo;
    private final List<String> decoySessions = new java.util.ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (String session : decoySessions) {
            Processes.run(List.of("tmux", "kill-session", "-t", "=" + session), null, Map.of(), Duration.ofSeconds(5));
        }
        if (repo != null) {
            repo.close();
        }
    }

    private Map<String, String> props(String driver) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("orch.agentCommand", repo.agentCommand());
        props.put("orch.driver", driver);
        return props;
    }

    private OrchConfig config(String driver) {
        OrchConfig c = repo.config();
        return new OrchConfig(c.projectDir(), c.tasksDirectory(), c.areas(), c.maxLanes(), c.strategy(),
                c.agentCommand(), driver, c.maxRetries(), c.taskTimeoutMinutes(), c.stallTimeoutMinutes(),
                c.onTaskFailure(), c.onMergeFailure(), c.mergeOrder(), c.verifyCommand(), c.mergeAgentCommand(),
                c.integration(), c.worktreeDirectory(), c.stateDirectory());
    }

    static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private boolean ledgerHas(String id, String event) {
        try {
            return repo.ledgerLines().stream().anyMatch(l -> l.startsWith(id + " ") && l.contains(" " + event + "="));
        } catch (Exception e) {
            return false;
        }
    }

    private BatchState state() {
        return new StateStore(repo.config().stateDirectory()).load().orElseThrow();
    }

    private void assertNothingOfTheBatchLeft() {
        assertEquals(1, repo.worktrees().size(), "worktrees left: " + repo.worktrees());
        assertTrue(repo.branches().stream().noneMatch(b -> b.startsWith("orch/lanes/")), "lane branches left: " + repo.branches());
        assertTrue(ProcessGroups.owned(ProcessGroups.under(repo.root.resolve("target/orchestrate/run"))).isEmpty(),
                "agent processes left");
        assertTrue(new dev.orch.engine.sessions.TmuxDriver(BatchSession.tmuxSocket(repo.config().stateDirectory()),
                temp, temp).sessions("orch-").isEmpty(), "tmux sessions left");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tmux", "process"})
    void killedWhileAnAgentRunsThenResumeUsesItsResultWithoutRunningItAgain(String driver) throws Exception {
        repo = new TestRepo(temp);
        repo.task("core", "CORE-1").task("core", "CORE-2", "CORE-1").behave("CORE-1", "sleep:3");
        repo.commitAll("tasks");
        EngineProcess engine = EngineProcess.start("run", repo.root, temp.resolve("run.out"), props(driver));
        waitFor("CORE-1 to start", () -> ledgerHas("CORE-1", "start"));
        engine.process.destroyForcibly().waitFor();   // SIGKILL: no shutdown hook runs
        waitFor("CORE-1 to finish on its own", () -> ledgerHas("CORE-1", "end"));

        var outcome = new ResumeCommand(config(driver), repo.console()).run();

        assertEquals(Phase.COMPLETED, outcome.phase(), outcome.message() + "\n" + repo.consoleLines);
        assertEquals(1, repo.starts("CORE-1").size(), "CORE-1 must not run twice: " + repo.ledgerLines());
        assertEquals(1, repo.starts("CORE-2").size());
        assertTrue(repo.starts("CORE-2").get(0).contains("deps=ok"));
        assertTrue(repo.filesAt("main").containsAll(List.of("out/CORE-1.txt", "out/CORE-2.txt",
                "tasks/core/CORE-1-task/.DONE", "tasks/core/CORE-2-task/.DONE")));
        assertNothingOfTheBatchLeft();
    }

    @Test
    void ctrlCPausesWithTmuxAgentsStillRunningAndResumePicksThemUp() throws Exception {
        repo = new TestRepo(temp);
        repo.task("core", "CORE-1").task("web", "WEB-1").behave("CORE-1", "sleep:3");
        repo.commitAll("tasks");
        EngineProcess engine = EngineProcess.start("run", repo.root, temp.resolve("run.out"), props("tmux"));
        waitFor("CORE-1 to start", () -> ledgerHas("CORE-1", "start"));
        engine.signal("INT");
        assertTrue(engine.process.waitFor(30, TimeUnit.SECONDS), "run must stop on Ctrl-C");
        assertEquals(Phase.PAUSED, state().phase, engine.output());
        assertTrue(engine.output().contains("mvn orch:resume"), engine.output());
        waitFor("CORE-1 to keep running and finish", () -> ledgerHas("CORE-1", "end"));

        var outcome = new ResumeCommand(config("tmux"), repo.console()).run();
        assertEquals(Phase.COMPLETED, outcome.phase(), outcome.message());
        assertEquals(1, repo.starts("CORE-1").size(), repo.ledgerLines().toString());
        assertNothingOfTheBatchLeft();
    }

    @Test
    void ctrlCWithTheProcessDriverStopsChildrenAndResumeRunsThemAgain() throws Exception {
        repo = new TestRepo(temp);
        repo.task("core", "CORE-1").behave("CORE-1", "sleep:5");
        repo.commitAll("tasks");
        EngineProcess engine = EngineProcess.start("run", repo.root, temp.resolve("run.out"), props("process"));
        waitFor("CORE-1 to start", () -> ledgerHas("CORE-1", "start"));
        engine.signal("TERM");
        assertTrue(engine.process.waitFor(30, TimeUnit.SECONDS), "run must stop on SIGTERM");
        assertEquals(Phase.PAUSED, state().phase, engine.output());
        assertTrue(ProcessGroups.owned(ProcessGroups.under(repo.root.resolve("target/orchestrate/run"))).isEmpty(),
                "the process driver's children must be stopped");
        assertFalse(ledgerHas("CORE-1", "end"));

        repo.behave("CORE-1", "ok");
        var outcome = new ResumeCommand(config("process"), repo.console()).run();
        assertEquals(Phase.COMPLETED, outcome.phase(), outcome.message());
        assertEquals(2, repo.starts("CORE-1").size(), repo.ledgerLines().toString());
        assertTrue(repo.starts("CORE-1").get(1).contains("attempt=2"));
    }

    @Test
    void afterAMergeConflictPauseTheUserResolvesOnTheLaneBranchAndResumeFinishes() throws Exception {
        repo = new TestRepo(temp);
        repo.task("core", "CORE-1").task("web", "WEB-1").task("web", "WEB-2", "WEB-1", "CORE-1")
                .behave("CORE-1", "conflict").behave("WEB-1", "conflict");
        repo.commitAll("tasks");
        var paused = new RunCommand(config("tmux"), repo.console()).run();
        assertEquals(Phase.PAUSED, paused.phase(), paused.message());
        assertTrue(paused.message().contains("shared.txt") || repo.consoleLines.stream().anyMatch(l -> l.contains("shared.txt")));
        BatchState state = state();
        var failedMerge = state.mergeResults.stream().filter(m -> m.status.equals("conflict")).findFirst().orElseThrow();
        assertEquals(List.of("shared.txt"), failedMerge.conflictFiles);
        var lane = state.lanes.get("w1-l" + failedMerge.lane);
        Path worktree = Path.of(lane.worktree);
        assertTrue(Files.isDirectory(worktree), "the conflicting lane's worktree is kept");

        // The user resolves it on the lane branch, in the kept worktree.
        var git = repo.git.at(worktree);
        git.run("merge", state.integrationBranch);
        Files.writeString(worktree.resolve("shared.txt"), "both were here\n");
        assertTrue(git.run("add", "shared.txt").ok());
        assertTrue(git.run("-c", "user.name=U", "-c", "user.email=u@x", "commit", "-q", "--no-edit").ok());

        var outcome = new ResumeCommand(config("tmux"), repo.console()).run();
        assertEquals(Phase.COMPLETED, outcome.phase(), outcome.message() + repo.consoleLines);
        assertEquals("both were here", repo.show("main", "shared.txt"));
        assertTrue(repo.filesAt("main").containsAll(List.of("out/CORE-1.txt", "out/WEB-1.txt", "out/WEB-2.txt")));
        assertEquals(1, repo.starts("CORE-1").size());
        assertEquals(1, repo.starts("WEB-1").size());
        assertNothingOfTheBatchLeft();
    }

    @Test
    void abortStopsOnlyThisBatchAndKeepsUncommittedWorkOnRefs() throws Exception {
        repo = new TestRepo(temp);
        repo.task("core", "CORE-1").task("web", "WEB-1").task("web", "WEB-2", "WEB-1")
                .behave("CORE-1", "write-hang").behave("WEB-1", "write-hang");
        repo.commitAll("tasks");
        repo.run("branch", "feature/decoy");
        String decoy = "decoy-" + ProcessHandle.current().pid();
        assertTrue(Processes.run(List.of("tmux", "new-session", "-d", "-s", decoy, "sleep", "120"), null, Map.of(),
                Duration.ofSeconds(10)).ok());
        decoySessions.add(decoy);
        EngineProcess engine = EngineProcess.start("run", repo.root, temp.resolve("run.out"), props("tmux"));
        waitFor("both agents to start", () -> ledgerHas("CORE-1", "start") && ledgerHas("WEB-1", "start"));
        waitFor("grandchild pids", () -> Files.exists(repo.fixtures.resolve("CORE-1.child"))
                && Files.exists(repo.fixtures.resolve("WEB-1.child")));
        long grandchild = Long.parseLong(Files.readString(repo.fixtures.resolve("CORE-1.child")).strip());

        List<String> dry = new AbortCommand(config("tmux"), repo.console(), Duration.ofSeconds(1), false, true).run();
        assertFalse(dry.isEmpty());
        assertTrue(dev.orch.testing.Pids.running(grandchild), "dry run changes nothing");
        assertTrue(engine.process.isAlive(), "dry run changes nothing");

        new AbortCommand(config("tmux"), repo.console(), Duration.ofSeconds(1), false, false).run();

        assertTrue(engine.process.waitFor(30, TimeUnit.SECONDS), "the running orch:run stops too");
        assertFalse(dev.orch.testing.Pids.running(grandchild), "grandchild sleep killed");
        assertNothingOfTheBatchLeft();
        BatchState state = state();
        assertEquals(Phase.STOPPED, state.phase);
        assertTrue(repo.branches().stream().noneMatch(b -> b.equals(state.integrationBranch)));
        assertTrue(repo.branches().contains("feature/decoy"), "the user's branch survives");
        assertTrue(Processes.run(List.of("tmux", "has-session", "-t", "=" + decoy), null, Map.of(),
                Duration.ofSeconds(5)).ok(), "the user's tmux session survives");
        for (String id : List.of("CORE-1", "WEB-1")) {
            String ref = "refs/orch/saved/" + state.batchId + "/" + id;
            assertTrue(repo.filesAt(ref).contains("out/" + id + ".wip"), "uncommitted work of " + id + " kept at " + ref);
        }
        assertEquals(1, repo.starts("CORE-1").size());
        assertTrue(repo.starts("WEB-2").isEmpty(), "nothing new starts after abort");
        // Idempotent.
        new AbortCommand(config("tmux"), repo.console(), Duration.ofSeconds(1), false, false).run();
        assertEquals(Phase.STOPPED, state().phase);
    }

    @Test
    void withTheStateGoneRunRefusesLeftoversAndAbortCleansThemByName() throws Exception {
        repo = new TestRepo(temp);
        repo.task("core", "CORE-1").task("web", "WEB-1").behave("CORE-1", "write-hang").behave("WEB-1", "write-hang");
        repo.commitAll("tasks");
        EngineProcess engine = EngineProcess.start("run", repo.root, temp.resolve("run.out"), props("tmux"));
        waitFor("agents to start", () -> ledgerHas("CORE-1", "start") && ledgerHas("WEB-1", "start"));
        engine.process.destroyForcibly().waitFor();
        String batchId = state().batchId;
        // mvn clean
        Workspace.deleteTree(repo.root.resolve("target"));

        OrchException refused = assertThrows(OrchException.class, () -> new RunCommand(config("tmux"), repo.console()).run());
        assertTrue(refused.getMessage().contains("mvn orch:abort"), refused.getMessage());
        assertTrue(refused.getMessage().contains("worktree"), refused.getMessage());

        new AbortCommand(config("tmux"), repo.console(), Duration.ZERO, true, false).run();
        assertEquals(1, repo.worktrees().size(), repo.worktrees().toString());
        assertTrue(repo.branches().stream().noneMatch(b -> b.startsWith("orch/")), repo.branches().toString());
        assertTrue(new dev.orch.engine.sessions.TmuxDriver(BatchSession.tmuxSocket(repo.config().stateDirectory()),
                temp, temp).sessions("orch-").isEmpty());
        assertTrue(repo.refs("refs/orch/saved/" + batchId + "/").size() >= 2, repo.refs("refs/orch/saved/").toString());

        repo.behave("CORE-1", "ok").behave("WEB-1", "ok");
        var outcome = new RunCommand(config("tmux"), repo.console()).run();
        assertEquals(Phase.COMPLETED, outcome.phase(), outcome.message());
    }
}
