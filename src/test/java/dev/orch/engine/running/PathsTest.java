package dev.orch.engine.running;

import dev.orch.testing.Ledger;
import dev.orch.testing.TestRepo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A project whose path holds spaces and non-ASCII characters, and task folders named like that too. */
class PathsTest extends RunTestSupport {

    @ParameterizedTest
    @ValueSource(strings = {"tmux", "process"})
    void spacesAndUnicodeInPathsAndTaskFolders(String driver) throws Exception {
        repo.close();
        repo = new TestRepo(temp.resolve("my projects/ünïcode app"));
        repo.write("tasks/core/A-1 login page/PROMPT.md", "# Task: A-1 — login\n");
        repo.write("tasks/web area/B-1 — ç/PROMPT.md", "# Task: B-1 — web\n\n## Dependencies\n\n- A-1\n");
        repo.behave("A-1", "env");
        repo.commitAll("tasks");

        BatchOutcome outcome = repo.run(repo.config(c -> c.driver = driver));

        assertCompleted(outcome);
        assertContains(repo.filesAt("main"), "out/A-1.txt", "out/B-1.txt", "tasks/core/A-1 login page/.DONE",
                "tasks/web area/B-1 — ç/.DONE");
        Ledger.Run run = repo.ledgerEntries().first("A-1");
        assertTrue(run.pwd().contains("my projects/ünïcode app/repo/.orch/worktrees/"), run.pwd());
        String env = repo.show("main", "out/A-1.env");
        assertTrue(env.contains("ORCH_TASK_DIR=" + run.pwd() + "/tasks/core/A-1 login page\n"), env);
        assertEquals(List.of("main"), repo.branches());
    }
}
