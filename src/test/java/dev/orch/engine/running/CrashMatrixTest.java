package dev.orch.engine.running;

import dev.orch.engine.OrchConfig;
import dev.orch.engine.commands.ResumeCommand;
import dev.orch.engine.commands.RunCommand;
import dev.orch.engine.state.BatchState;
import dev.orch.engine.state.CrashPoints;
import dev.orch.engine.state.Phase;
import dev.orch.engine.state.StateStore;
import dev.orch.testing.EngineProcess;
import dev.orch.testing.TestRepo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The orchestrator is killed (JVM halt: no shutdown hook, no cleanup, like kill -9) right after each of many state
 * saves and at points inside a merge; resume must converge to the same base-branch tree as an uninterrupted run,
 * with no task's work lost or paid for twice and nothing of the batch left behind.
 */
class CrashMatrixTest {
    private static final int MAX_RETRIES = 1;

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    static Path shared;
    private static String referenceTree;
    private static int referenceSaves;

    /** 3 waves, 6 tasks, one that fails once (so retries are counted across crashes). */
    static TestRepo backlog(Path dir) throws Exception {
        Files.createDirectories(dir);
        TestRepo repo = new TestRepo(dir);
        repo.task("core", "CORE-1").task("core", "CORE-2").task("web", "WEB-1")
                .task("core", "CORE-3", "CORE-1").task("web", "WEB-2", "WEB-1")
                .task("web", "WEB-3", "CORE-3", "WEB-2")
                .behave("WEB-1", "fail-once");
        repo.commitAll("tasks");
        return repo;
    }

    static OrchConfig config(TestRepo repo, String driver) {
        OrchConfig c = repo.config();
        return new OrchConfig(c.projectDir(), c.tasksDirectory(), c.areas(), 3, c.strategy(), c.agentCommand(), driver,
                MAX_RETRIES, 0, 30, c.onTaskFailure(), c.onMergeFailure(), c.mergeOrder(), null, null, "ff",
                c.worktreeDirectory(), c.stateDirectory());
    }

    @BeforeAll
    static void uninterruptedReference() throws Exception {
        TestRepo repo = backlog(shared.resolve("reference"));
        int before = CrashPoints.saves();
        var outcome = new RunCommand(config(repo, "tmux"), repo.console()).run();
        referenceSaves = CrashPoints.saves() - before;
        assertEquals(Phase.COMPLETED, outcome.phase(), outcome.message());
        referenceTree = repo.run("rev-parse", "main^{tree}");
    }

    @Test
    void resumeConvergesAfterAKillAtEachPersistedTransition() throws Exception {
        assertTrue(referenceSaves >= 20, "expected many persisted transitions, got " + referenceSaves);
        TreeSet<Integer> points = new TreeSet<>();
        int count = 14;
        for (int i = 0; i < count; i++) {
            points.add(1 + (int) ((long) i * (referenceSaves - 1) / (count - 1)));
        }
        List<String> crashed = new ArrayList<>();
        for (int point : points) {
            if (crashThenResume("save-" + point, Map.of("orch.test.crashAfterSave", String.valueOf(point)), "tmux")) {
                crashed.add("save " + point);
            }
        }
        for (String named : List.of("merge.before-git-merge", "merge.after-git-merge")) {
            if (crashThenResume(named, Map.of("orch.test.crashAt", named), "tmux")) {
                crashed.add(named);
            }
        }
        assertTrue(crashed.size() >= 12, "distinct crash points actually hit: " + crashed);
    }

    @Test
    void theProcessDriverConvergesToo() throws Exception {
        int hit = 0;
        for (int point : new int[]{3, referenceSaves / 3, referenceSaves / 2, (2 * referenceSaves) / 3}) {
            if (crashThenResume("process-save-" + point, Map.of("orch.test.crashAfterSave", String.valueOf(point)),
                    "process")) {
                hit++;
            }
        }
        if (crashThenResume("process-mid-merge", Map.of("orch.test.crashAt", "merge.after-git-merge"), "process")) {
            hit++;
        }
        assertTrue(hit >= 4, "crash points hit: " + hit);
    }

    /** Returns whether the run really crashed at that point. */
    private boolean crashThenResume(String name, Map<String, String> crash, String driver) throws Exception {
        Path dir = shared.resolve(name);
        TestRepo repo = backlog(dir);
        Map<String, String> props = new LinkedHashMap<>(crash);
        props.put("orch.agentCommand", repo.agentCommand());
        props.put("orch.driver", driver);
        props.put("orch.maxRetries", String.valueOf(MAX_RETRIES));
        int exit = EngineProcess.run("run", repo.root, dir.resolve("run.out"), props);
        boolean crashedThere = exit == 137;
        try {
            boolean alreadyCompleted = crashedThere && new StateStore(repo.config().stateDirectory()).load()
                    .map(s -> s.phase == Phase.COMPLETED).orElse(false);
            if (crashedThere && !alreadyCompleted) {
                var outcome = new ResumeCommand(config(repo, driver), repo.console()).run();
                assertEquals(Phase.COMPLETED, outcome.phase(), name + ": " + outcome.message() + "\n"
                        + String.join("\n", repo.consoleLines));
            } else if (!crashedThere) {
                assertEquals(0, exit, name + " run output:\n" + Files.readString(dir.resolve("run.out")));
            }
            assertEquals(referenceTree, repo.run("rev-parse", "main^{tree}"), name + ": base-branch tree differs");
            assertLedger(repo, name);
            assertNothingLeft(repo, name);
            BatchState state = new StateStore(repo.config().stateDirectory()).load().orElseThrow();
            assertEquals(Phase.COMPLETED, state.phase, name);
        } finally {
            repo.close();
        }
        return crashedThere;
    }

    private static void assertLedger(TestRepo repo, String name) throws Exception {
        for (String id : List.of("CORE-1", "CORE-2", "WEB-1", "CORE-3", "WEB-2", "WEB-3")) {
            List<String> ends = repo.ledgerLines().stream().filter(l -> l.startsWith(id + " ") && l.contains(" end="))
                    .toList();
            long succeeded = ends.stream().filter(l -> l.endsWith("exit=0")).count();
            assertEquals(1, succeeded, name + ": " + id + " must succeed exactly once: " + repo.ledgerLines());
            int starts = repo.starts(id).size();
            assertTrue(starts <= 1 + MAX_RETRIES, name + ": " + id + " invoked " + starts + " times");
            assertTrue(repo.starts(id).stream().allMatch(l -> l.contains("deps=ok")),
                    name + ": " + id + " started before its dependencies were merged");
        }
    }

    private static void assertNothingLeft(TestRepo repo, String name) {
        assertEquals(1, repo.worktrees().size(), name + ": worktrees left " + repo.worktrees());
        assertTrue(repo.branches().stream().noneMatch(b -> b.startsWith("orch/")), name + ": branches left "
                + repo.branches());
        assertTrue(new dev.orch.engine.sessions.TmuxDriver(BatchSession.tmuxSocket(repo.config().stateDirectory()),
                repo.root, repo.root).sessions("orch-").isEmpty(), name + ": sessions left");
    }
}
