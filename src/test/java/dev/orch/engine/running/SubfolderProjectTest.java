package dev.orch.engine.running;

import dev.orch.engine.OrchConfig;
import dev.orch.engine.commands.RunCommand;
import dev.orch.engine.state.Phase;
import dev.orch.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Maven project in a sub-folder of a larger repository: worktrees are of the whole repository. */
class SubfolderProjectTest {
    @TempDir
    Path temp;

    @Test
    void aProjectInASubFolderRunsWithAgentsInItsFolderInsideTheWorktree() throws Exception {
        TestRepo repo = new TestRepo(temp);
        repo.write("other/keep.txt", "not Orch's\n");
        repo.write("apps/shop/tasks/core/CORE-1-task/PROMPT.md", "# Task: CORE-1 — one\n");
        repo.write("apps/shop/tasks/core/CORE-2-task/PROMPT.md", "# Task: CORE-2 — two\n\n## Dependencies\n- CORE-1\n");
        repo.commitAll("sub project");
        // An uncommitted task of the batch is committed alone; the user's staged change stays staged.
        repo.write("apps/shop/tasks/core/CORE-3-task/PROMPT.md", "# Task: CORE-3 — three\n");
        repo.write("other/keep.txt", "staged change\n");
        repo.run("add", "other/keep.txt");
        Path project = repo.root.resolve("apps/shop");
        OrchConfig d = OrchConfig.defaults(project);
        OrchConfig base = repo.config();
        OrchConfig config = new OrchConfig(d.projectDir(), d.tasksDirectory(), d.areas(), 2, base.strategy(),
                base.agentCommand(), "process", 1, 0, 30, "skip-dependents", "pause", "fewest-files-first", null,
                null, "ff", d.worktreeDirectory(), d.stateDirectory());

        var outcome = new RunCommand(config, repo.console()).run();

        assertEquals(Phase.COMPLETED, outcome.phase(), outcome.message() + repo.consoleLines);
        assertTrue(repo.starts("CORE-1").get(0).contains("/apps/shop"), "agent runs in the project folder");
        // The fake agent writes out/<ID>.txt relative to its working directory: the project folder.
        assertTrue(repo.filesAt("main").containsAll(java.util.List.of("apps/shop/out/CORE-1.txt",
                "apps/shop/out/CORE-3.txt", "apps/shop/tasks/core/CORE-3-task/.DONE")), repo.filesAt("main").toString());
        assertEquals("M  other/keep.txt", repo.run("status", "--porcelain").lines()
                .filter(l -> l.contains("keep.txt")).findFirst().orElse(""), "the staged change stays staged");
        assertTrue(repo.run("status", "--porcelain", "--untracked-files=all").lines()
                .noneMatch(l -> l.contains(".orch") || l.contains("CORE-3")), repo.run("status", "--porcelain"));
        String taskCommit = repo.run("log", "--format=%H", "--grep=orch: add task files", "main");
        assertEquals("apps/shop/tasks/core/CORE-3-task/PROMPT.md",
                repo.run("show", "--name-only", "--format=", taskCommit).strip(), "the task-file commit holds only them");
        assertTrue(Files.readString(repo.root.resolve(".git/info/exclude")).contains("/apps/shop/.orch/"));
    }

    @Test
    void tasksOutsideTheRepositoryAreRefusedBeforeAnythingChanges() throws Exception {
        TestRepo repo = new TestRepo(temp);
        Path outside = temp.resolve("elsewhere/tasks/core/CORE-1-task");
        Files.createDirectories(outside);
        Files.writeString(outside.resolve("PROMPT.md"), "# Task: CORE-1 — out of reach\n");
        OrchConfig base = repo.config();
        OrchConfig config = new OrchConfig(base.projectDir(), temp.resolve("elsewhere/tasks"), base.areas(),
                base.maxLanes(), base.strategy(), base.agentCommand(), base.driver(), 1, 0, 30, "skip-dependents",
                "pause", "fewest-files-first", null, null, "ff", base.worktreeDirectory(), base.stateDirectory());
        String head = repo.run("rev-parse", "HEAD");

        var error = org.junit.jupiter.api.Assertions.assertThrows(dev.orch.engine.OrchException.class,
                () -> new RunCommand(config, repo.console()).run());

        assertTrue(error.getMessage().contains("outside the git repository"), error.getMessage());
        assertEquals(head, repo.run("rev-parse", "HEAD"));
        assertTrue(repo.ledgerLines().isEmpty());
        assertTrue(repo.branches().stream().noneMatch(b -> b.startsWith("orch/")));
    }
}
