package dev.orch.engine.running;

import dev.orch.engine.state.Phase;
import dev.orch.testing.Ledger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What becomes of an agent's work when it commits nothing, fails, fails once, hangs or runs too long. */
class AgentOutcomesTest extends RunTestSupport {

    @ParameterizedTest
    @ValueSource(strings = {"tmux", "process"})
    void workLeftUncommittedOrNoWorkAtAllStillLands(String driver) throws Exception {
        repo.task("core", "A-1").task("web", "B-1").task("web", "C-1");
        repo.behave("A-1", "ok").behave("B-1", "noop").behave("C-1", "done-self");
        repo.commitAll("tasks");

        assertCompleted(repo.run(repo.config(c -> c.driver = driver)));

        List<String> main = repo.filesAt("main");
        assertContains(main, "out/A-1.txt", "out/C-1.txt", done("core", "A-1"), done("web", "B-1"),
                done("web", "C-1"));
        assertEquals(3, ledger().runs().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tmux", "process"})
    void anAgentThatFailsOnceSucceedsOnItsRetry(String driver) throws Exception {
        repo.task("core", "A-1").behave("A-1", "fail-once");
        repo.commitAll("tasks");

        BatchOutcome outcome = repo.run(repo.config(c -> c.driver = driver));

        assertCompleted(outcome);
        List<Ledger.Run> runs = ledger().of("A-1");
        assertEquals(List.of(1, 2), runs.stream().map(Ledger.Run::attempt).toList(), runs.toString());
        assertEquals(runs.get(0).pwd(), runs.get(1).pwd(), "the retry runs in the same lane worktree");
        List<String> main = repo.filesAt("main");
        assertContains(main, "out/A-1.txt", done("core", "A-1"));
        assertLacks(main, "partial/A-1.txt"); // the retry started from a clean worktree
        String saved = "refs/orch/saved/" + outcome.batchId() + "/A-1-attempt-1";
        assertEquals(List.of(saved), repo.refs("refs/orch/saved/"));
        assertContains(repo.filesAt(saved), "partial/A-1.txt");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void anAgentThatAlwaysFailsIsTriedOncePlusMaxRetriesAndItsWorkIsKept(int maxRetries) throws Exception {
        repo.task("core", "A-1").behave("A-1", "fail");
        repo.task("web", "B-1").behave("B-1", "fail-commit");
        repo.commitAll("tasks");

        BatchOutcome outcome = repo.run(repo.config(c -> c.maxRetries = maxRetries));

        assertEquals(Phase.FAILED, outcome.phase(), outcome.message());
        assertEquals(2, outcome.failed().size(), outcome.failed().toString());
        for (String id : List.of("A-1", "B-1")) {
            assertEquals(1 + maxRetries, ledger().of(id).size(), ledger().toString());
            for (int attempt = 1; attempt <= 1 + maxRetries; attempt++) {
                String saved = "refs/orch/saved/" + outcome.batchId() + "/" + id + "-attempt-" + attempt;
                assertContains(repo.filesAt(saved), "partial/" + id + ".txt");
            }
            assertLacks(repo.filesAt("main"), "partial/" + id + ".txt", done(id.equals("A-1") ? "core" : "web", id));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tmux", "process"})
    void aFailureBlocksItsDependentsTransitivelyWhileIndependentWorkLands(String driver) throws Exception {
        repo.task("core", "A-1").task("core", "B-1", "A-1").task("core", "C-1", "B-1");
        repo.task("web", "D-1").task("web", "E-1", "D-1");
        repo.behave("A-1", "fail");
        repo.commitAll("tasks");

        BatchOutcome outcome = repo.run(repo.config(c -> {
            c.driver = driver;
            c.maxRetries = 0;
        }));

        assertEquals(Phase.FAILED, outcome.phase(), outcome.message());
        assertEquals(List.of("A-1", "D-1", "E-1"), ledger().tasks().stream().sorted().toList(),
                "B-1 and C-1 never ran");
        assertEquals(1, outcome.failed().size());
        assertTrue(outcome.failed().get(0).startsWith("A-1"), outcome.failed().toString());
        assertEquals(List.of("B-1", "C-1"), outcome.blocked().stream().map(b -> b.substring(0, 3)).sorted().toList());
        List<String> main = repo.filesAt("main");
        assertContains(main, "out/D-1.txt", "out/E-1.txt", done("web", "D-1"), done("web", "E-1"));
        assertLacks(main, "partial/A-1.txt", done("core", "A-1"), done("core", "B-1"), done("core", "C-1"));
        assertContains(repo.filesAt("refs/orch/saved/" + outcome.batchId() + "/A-1-attempt-1"), "partial/A-1.txt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tmux", "process"})
    void aHangingAgentAndTheChildItSpawnedAreGoneAfterStallTimeout(String driver) throws Exception {
        repo.task("core", "A-1").behave("A-1", "hang");
        repo.task("web", "B-1");
        repo.commitAll("tasks");

        BatchOutcome outcome = repo.run(repo.config(c -> {
            c.driver = driver;
            c.maxRetries = 0;
            c.stallTimeout = 0.05; // 3 s
        }));

        assertEquals(Phase.FAILED, outcome.phase(), outcome.message());
        assertTrue(outcome.failed().get(0).contains("stallTimeout"), outcome.failed().toString());
        assertEquals(-1, ledger().first("A-1").end(), "the hanging agent never finished on its own");
        assertGone(repo.fixtures.resolve("A-1.pid"));
        assertGone(repo.fixtures.resolve("A-1.child"));
        assertEquals(List.of(), dev.orch.engine.sessions.ProcessGroups.owned(
                dev.orch.engine.sessions.ProcessGroups.under(repo.stateDirectory().resolve("run"))),
                "no process of the batch is left");
        assertContains(repo.filesAt("main"), "out/B-1.txt");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tmux", "process"})
    void anAgentThatKeepsTalkingIsStoppedWithItsChildAtTaskTimeout(String driver) throws Exception {
        repo.task("core", "A-1").behave("A-1", "chatty"); // prints every 0.2 s: never stalls
        repo.commitAll("tasks");

        BatchOutcome outcome = repo.run(repo.config(c -> {
            c.driver = driver;
            c.maxRetries = 0;
            c.stallTimeout = 0.05;
            c.taskTimeout = 0.07; // 4.2 s
        }));

        assertEquals(Phase.FAILED, outcome.phase(), outcome.message());
        assertTrue(outcome.failed().get(0).contains("taskTimeout"), outcome.failed().toString());
        assertGone(repo.fixtures.resolve("A-1.pid"));
        assertGone(repo.fixtures.resolve("A-1.child"));
        assertEquals(List.of(), dev.orch.engine.sessions.ProcessGroups.owned(
                dev.orch.engine.sessions.ProcessGroups.under(repo.stateDirectory().resolve("run"))),
                "no process of the batch is left");
        String log = Files.readString(repo.stateDirectory().resolve("logs/A-1.log"));
        assertTrue(log.contains("working on A-1"), "the agent's output reached its log");
    }

    /** A helper an agent left running ends with its task: it must not run on while the next wave works. */
    @ParameterizedTest
    @ValueSource(strings = {"tmux", "process"})
    void aBackgroundChildDoesNotOutliveItsTask(String driver) throws Exception {
        repo.task("core", "A-1").behave("A-1", "bg-child").task("core", "B-1", "A-1").behave("B-1", "probe:A-1");
        repo.commitAll("tasks");

        assertCompleted(repo.run(repo.config(c -> c.driver = driver)));

        assertEquals("gone", repo.show("main", "out/B-1.probe"), "A-1's child still ran when the next wave started");
    }

    /** stallTimeout needs neither output nor a file change: a silent agent that keeps writing files is working. */
    @Test
    void aSilentAgentThatKeepsChangingFilesIsNotStalled() throws Exception {
        repo.task("core", "A-1").behave("A-1", "quiet:10"); // ~3 s, a file change every 0.3 s, no output
        repo.commitAll("tasks");

        BatchOutcome outcome = repo.run(repo.config(c -> {
            c.maxRetries = 0;
            c.stallTimeout = 0.025; // 1.5 s
        }));

        assertCompleted(outcome);
        assertEquals("10", repo.show("main", "out/progress.txt"));
    }

    /** Real agents start helpers (servers, watchers) and may exit without waiting for them. */
    @ParameterizedTest
    @ValueSource(strings = {"tmux", "process"})
    void anAgentThatExitsLeavingABackgroundChildSucceedsAndTheChildIsStopped(String driver) throws Exception {
        repo.task("core", "A-1").behave("A-1", "bg-child");
        repo.commitAll("tasks");

        BatchOutcome outcome = repo.run(repo.config(c -> {
            c.driver = driver;
            c.maxRetries = 0;
            c.stallTimeout = 0.05;
        }));

        assertCompleted(outcome);
        assertContains(repo.filesAt("main"), "out/A-1.txt", done("core", "A-1"));
        assertGone(repo.fixtures.resolve("A-1.child"));
    }

    /** Agents often start a branch of their own, or end up on a detached HEAD, before committing. */
    @ParameterizedTest
    @ValueSource(strings = {"switch-branch", "detach", "switch-fail-once"})
    void workCommittedAwayFromTheLaneBranchStillLands(String mode) throws Exception {
        repo.task("core", "A-1").behave("A-1", mode).task("core", "A-2", "A-1");
        repo.commitAll("tasks");

        BatchOutcome outcome = repo.run(repo.config());

        assertCompleted(outcome);
        assertContains(repo.filesAt("main"), "out/A-1.txt", done("core", "A-1"), done("core", "A-2"));
        if (mode.equals("switch-branch")) {
            assertContains(repo.filesAt("main"), "out/A-1.more");
        }
        if (mode.equals("switch-fail-once")) { // the failed attempt's commit is saved, not merged
            assertLacks(repo.filesAt("main"), "partial/A-1.txt");
            assertContains(repo.filesAt("refs/orch/saved/" + outcome.batchId() + "/A-1-attempt-1"), "partial/A-1.txt");
        }
        assertEquals("ok", ledger().first("A-2").deps());
    }

    @Test
    void theLivenessCheckUsedBelowSeesALiveProcess() {
        assertTrue(alive(ProcessHandle.current().pid()));
    }

    /** The pid in the file belongs to no running process (zombies count as gone) by the time run() returned. */
    private static void assertGone(Path pidFile) throws Exception {
        assertTrue(Files.exists(pidFile), "the agent recorded its child's pid");
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        long until = System.currentTimeMillis() + 3000; // killed processes are reaped asynchronously
        while (alive(pid) && System.currentTimeMillis() < until) {
            Thread.sleep(50);
        }
        assertFalse(alive(pid), "the agent's child " + pid + " is still running");
    }

    private static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state != 'Z' && state != 'X';
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
