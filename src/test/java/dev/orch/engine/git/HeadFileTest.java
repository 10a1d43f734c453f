package dev.orch.engine.git;

import dev.orch.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** HeadFile must agree with git itself, or say nothing. */
class HeadFileTest {
    @TempDir
    Path temp;

    @Test
    void agreesWithGitForLooseAndPackedRefsLinkedWorktreesAndDetachedHeads() throws Exception {
        TestRepo repo = new TestRepo(temp);
        HeadFile.Head main = HeadFile.read(repo.root).orElseThrow();
        assertEquals("refs/heads/main", main.ref());
        assertEquals(repo.run("rev-parse", "HEAD"), main.commit());

        repo.run("pack-refs", "--all");
        assertEquals(repo.run("rev-parse", "HEAD"), HeadFile.read(repo.root).orElseThrow().commit());

        Path linked = temp.resolve("linked");
        repo.run("worktree", "add", "-q", "-b", "lane", linked.toString());
        repo.git.at(linked).run("commit", "-q", "--allow-empty", "-m", "on lane");
        HeadFile.Head lane = HeadFile.read(linked).orElseThrow();
        assertEquals("refs/heads/lane", lane.ref());
        assertEquals(repo.git.at(linked).out("rev-parse", "HEAD"), lane.commit());

        repo.git.at(linked).run("checkout", "-q", "--detach");
        HeadFile.Head detached = HeadFile.read(linked).orElseThrow();
        assertNull(detached.ref());
        assertEquals(repo.git.at(linked).out("rev-parse", "HEAD"), detached.commit());
    }
}
