package dev.orch.engine.running;

import dev.orch.engine.state.BatchState;
import dev.orch.engine.state.Phase;
import dev.orch.testing.Ledger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parameters of SPEC section 7 and the agent contract of section 4, each seen where it takes effect: in what the
 * agent received, or in the git history. (maxLanes, strategy: SchedulingTest; driver: every parameterized test;
 * maxRetries, taskTimeout, stallTimeout: AgentOutcomesTest; onMergeFailure, mergeOrder, verifyCommand,
 * mergeAgentCommand: MergeTest; integration, worktreeDirectory: IsolationTest.)
 */
class ParametersTest extends RunTestSupport {

    private Map<String, String> agentEnvironment(String rev, String id) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : repo.show(rev, "out/" + id + ".env").split("\n")) {
            int eq = line.indexOf('=');
            env.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return env;
    }

    @ParameterizedTest
    @ValueSource(strings = {"tmux", "process"})
    void theAgentReceivesEveryVariableOfTheContract(String driver) throws Exception {
        String prompt = "# Task: A-1 — Login flow\n\n**Size:** S\n**Model:** claude-opus-4\n\n## Dependencies\n\n- None\n";
        repo.prompt("core", "A-1-login", prompt).behave("A-1", "env");
        repo.task("web", "B-1").behave("B-1", "env");
        repo.commitAll("tasks");

        BatchOutcome outcome = repo.run(repo.config(c -> c.driver = driver));

        assertCompleted(outcome);
        Ledger.Run run = ledger().first("A-1");
        Map<String, String> env = agentEnvironment("main", "A-1");
        String worktree = repo.root.toRealPath().resolve(".orch/worktrees/" + outcome.batchId() + "/w1-l"
                + run.lane()).toString();
        assertEquals(worktree, run.pwd(), "the agent runs in the worktree's root (project = repository top)");
        assertEquals("A-1", env.get("ORCH_TASK_ID"));
        assertEquals("Login flow", env.get("ORCH_TASK_NAME"));
        assertEquals(worktree + "/tasks/core/A-1-login", env.get("ORCH_TASK_DIR"));
        assertEquals(worktree + "/tasks/core/A-1-login/PROMPT.md", env.get("ORCH_PROMPT_FILE"));
        assertEquals(prompt, repo.show("main", "out/A-1.prompt") + "\n", "the prompt file holds the prompt");
        assertEquals(outcome.batchId(), env.get("ORCH_BATCH_ID"));
        assertEquals(String.valueOf(run.lane()), env.get("ORCH_LANE"));
        assertEquals("1", env.get("ORCH_ATTEMPT"));
        assertEquals(worktree, env.get("ORCH_WORKTREE"));
        assertEquals("claude-opus-4", env.get("ORCH_MODEL"));
        assertTrue(Path.of(env.get("ORCH_USAGE_FILE")).isAbsolute(), env.toString());
        assertFalse(agentEnvironment("main", "B-1").containsKey("ORCH_MODEL"), "no **Model:**, no ORCH_MODEL");
    }

    /** A tmux pane sets $TMUX for what runs in it; a plain child process does not see it. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"tmux, yes", "process, ''", "auto, yes"})
    void driverDecidesWhereTheAgentRuns(String driver, String inTmux) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(!driver.equals("auto")
                || dev.orch.engine.sessions.TmuxDriver.installed(), "auto means tmux only where it is installed");
        repo.task("core", "A-1").task("web", "B-1");
        repo.commitAll("tasks");

        assertCompleted(repo.run(repo.config(c -> c.driver = driver)));

        for (Ledger.Run run : ledger().runs()) {
            assertEquals(inTmux == null ? "" : inTmux, run.fields().get("tmux"), run.toString());
        }
    }

    @Test
    void usageTheAgentWritesIsSummedPerTaskAndBatch() throws Exception {
        repo.task("core", "A-1").behave("A-1", "usage").task("web", "B-1").behave("B-1", "usage");
        repo.task("web", "C-1").behave("C-1", "fail-once"); // writes no usage
        repo.commitAll("tasks");

        assertCompleted(repo.run(repo.config()));

        BatchState state = repo.state();
        assertEquals(100, state.tasks.get("A-1").lastAttempt().usage.inputTokens);
        assertEquals(200, state.usage.inputTokens);
        assertEquals(40, state.usage.outputTokens);
        assertEquals(1.0, state.usage.costUsd, 1e-9);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tmux", "process"})
    void aTaskNameWithShellMetacharactersReachesTheAgentLiterallyAndRunsNothing(String driver) throws Exception {
        Path pwned = repo.fixtures.resolve("pwned");
        String name = "$(touch " + pwned + ") `touch " + pwned + "` \"quoted\" 'x'; touch " + pwned + " && $HOME \\n";
        repo.prompt("web", "WEB-9-odd", "# Task: WEB-9 — " + name + "\n\n## Dependencies\n\n- None\n");
        repo.behave("WEB-9", "env");
        repo.commitAll("tasks");

        assertCompleted(repo.run(repo.config(c -> c.driver = driver)));

        assertEquals(name, repo.show("main", "out/WEB-9.name"));
        assertFalse(Files.exists(pwned), "something in the task name was executed");
    }

    @Test
    void tasksDirectoryIsWhereTasksAreFound() throws Exception {
        repo.task("core", "A-1"); // in the default folder: must not run
        repo.write("backlog/core/B-1-task/PROMPT.md", "# Task: B-1 — moved\n");
        repo.commitAll("tasks");

        assertCompleted(repo.run(repo.config(c -> c.tasksDirectory = repo.root.resolve("backlog"))));

        assertEquals(List.of("B-1"), ledger().tasks());
        assertContains(repo.filesAt("main"), "backlog/core/B-1-task/.DONE");
        assertLacks(repo.filesAt("main"), done("core", "A-1"));
    }

    @Test
    void areasLimitTheBatch() throws Exception {
        repo.task("core", "A-1").task("web", "B-1").task("docs", "D-1").task("web", "B-2", "B-1");
        repo.commitAll("tasks");

        assertCompleted(repo.run(repo.config(c -> c.areas = List.of("web", "docs"))));

        assertEquals(List.of("B-1", "B-2", "D-1"), ledger().tasks().stream().sorted().toList());
        assertLacks(repo.filesAt("main"), done("core", "A-1"), "out/A-1.txt");
    }

    @Test
    void agentCommandIsRunByShInTheProjectFolderOfTheWorktree() throws Exception {
        // A Maven project in a sub-folder of a larger repository.
        repo.write("app/tasks/core/A-1-task/PROMPT.md", "# Task: A-1 — sub\n");
        repo.write("app/pom.xml", "<project/>\n");
        repo.commitAll("project in app/");
        Path app = repo.root.resolve("app");
        String command = "pwd > where.txt; echo \"$ORCH_TASK_ID|$0\" > custom-$ORCH_TASK_ID.txt";

        BatchOutcome outcome = repo.run(repo.config(c -> {
            c.projectDir = app;
            c.tasksDirectory = app.resolve("tasks");
            c.worktreeDirectory = app.resolve(".orch/worktrees");
            c.stateDirectory = app.resolve("target/orchestrate");
            c.agentCommand = command;
        }));

        try {
            assertCompleted(outcome);
            assertEquals("A-1|/bin/sh", repo.show("main", "app/custom-A-1.txt"));
            assertEquals(app.toRealPath().resolve(".orch/worktrees/" + outcome.batchId() + "/w1-l1/app").toString(),
                    repo.show("main", "app/where.txt"));
            assertContains(repo.filesAt("main"), "app/tasks/core/A-1-task/.DONE");
        } finally {
            new dev.orch.testing.TestRepo.Cleaner(app.resolve("target/orchestrate")).close();
        }
    }

    /**
     * Wave 1: A-1 fails at once; E-1 shares A-1's files (same lane, after it); B-1 (another lane) runs 2 s.
     * Wave 2: C-1 needs B-1, D-1 needs A-1.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"skip-dependents, tmux", "stop-wave, tmux", "stop-all, tmux",
            "stop-all, process"})
    void onTaskFailureDecidesWhatStillRuns(String policy, String driver) throws Exception {
        repo.task("core", "A-1", List.of("src/a/")).task("core", "E-1", List.of("src/a/"));
        repo.task("web", "B-1").task("web", "C-1", "B-1").task("core", "D-1", "A-1");
        repo.behave("A-1", "fail").behave("B-1", "sleep:2");
        repo.commitAll("tasks");

        BatchOutcome outcome = repo.run(repo.config(c -> {
            c.onTaskFailure = policy;
            c.maxRetries = 0;
            c.driver = driver;
        }));

        assertEquals(Phase.FAILED, outcome.phase(), outcome.message());
        Ledger ledger = ledger();
        List<String> ran = ledger.tasks().stream().sorted().toList();
        List<String> main = repo.filesAt("main");
        assertLacks(main, "out/D-1.txt", "out/E-1.txt"); // E-1's lane holds a failed task: never merged
        switch (policy) {
            case "skip-dependents" -> {
                assertEquals(List.of("A-1", "B-1", "C-1", "E-1"), ran, "only A-1's dependent is held back");
                assertContains(main, "out/B-1.txt", "out/C-1.txt");
            }
            case "stop-wave" -> {
                assertEquals(List.of("A-1", "B-1", "E-1"), ran, "the wave finishes, the next does not start");
                assertContains(main, "out/B-1.txt");
            }
            default -> {
                assertEquals(List.of("A-1", "B-1"), ran, "nothing new starts");
                assertEquals(-1, ledger.first("B-1").end(), "the running agent was stopped");
                assertLacks(main, "out/B-1.txt");
            }
        }
    }
}
