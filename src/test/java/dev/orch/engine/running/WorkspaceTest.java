package dev.orch.engine.running;

import dev.orch.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a kill during `git worktree add` can leave behind, and how the next attempt to make the worktree copes. */
class WorkspaceTest {
    @TempDir
    Path temp;

    @Test
    void anUnregisteredLeftoverFolderIsReplacedByARealWorktree() throws Exception {
        TestRepo repo = new TestRepo(temp);
        Workspace workspace = new Workspace(repo.root);
        Path lane = temp.resolve("wt/w1-l1");
        Files.createDirectories(lane);
        Files.writeString(lane.resolve("half-written"), "junk");

        assertTrue(workspace.ensureWorktree(lane, "orch/lanes/x/w1-l1", repo.run("rev-parse", "HEAD")));

        assertTrue(workspace.isWorktree(lane));
        assertFalse(Files.exists(lane.resolve("half-written")));
        assertTrue(Files.exists(lane.resolve("README.md")));
    }

    @Test
    void aRegisteredButIncompleteCheckoutIsReportedSoItCanBeResetBeforeUse() throws Exception {
        TestRepo repo = new TestRepo(temp);
        Workspace workspace = new Workspace(repo.root);
        Path lane = temp.resolve("wt/w1-l1");
        String head = repo.run("rev-parse", "HEAD");
        assertTrue(workspace.ensureWorktree(lane, "orch/lanes/x/w1-l1", head));
        Files.delete(lane.resolve("README.md"));   // as if the checkout had been cut short

        assertFalse(workspace.ensureWorktree(lane, "orch/lanes/x/w1-l1", head), "reattached, not created");
        workspace.resetHard(lane, "HEAD");          // what BatchRunner does for a lane no agent touched yet

        assertEquals("test project\n", Files.readString(lane.resolve("README.md")));
        assertFalse(workspace.dirty(lane));
    }

    @Test
    void anExistingLaneBranchIsCheckedOutAsItIsNotRecreated() throws Exception {
        TestRepo repo = new TestRepo(temp);
        Workspace workspace = new Workspace(repo.root);
        String base = repo.run("rev-parse", "HEAD");
        repo.run("branch", "orch/lanes/x/w1-l1", base);
        repo.run("commit", "--allow-empty", "-q", "-m", "later");
        Path lane = temp.resolve("wt/w1-l1");

        assertTrue(workspace.ensureWorktree(lane, "orch/lanes/x/w1-l1", repo.run("rev-parse", "HEAD")));

        assertEquals(base, workspace.head(lane), "the branch keeps its commits (resume), not the new start point");
    }
}
