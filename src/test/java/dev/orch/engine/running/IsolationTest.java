package dev.orch.engine.running;

import dev.orch.engine.state.Phase;
import dev.orch.testing.Ledger;
import dev.orch.testing.UserCheckout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Agents work in worktrees of their own; the user's checkout is never touched; integration lands the work. */
class IsolationTest extends RunTestSupport {
    private static final String USER_STATUS = " M src/app.txt\nMM src/staged.txt\n?? notes/untracked.txt\n";

    /** Tracked, modified, staged and untracked user files, with two waves of agents running next to them. */
    private void dirtyUserCheckout() throws Exception {
        repo.write("src/app.txt", "committed\n");
        repo.write("src/staged.txt", "committed\n");
        repo.commitAll("user files");
        repo.write("src/app.txt", "modified, not staged\n");
        repo.write("src/staged.txt", "staged change\n");
        repo.run("add", "src/staged.txt");
        repo.write("notes/untracked.txt", "untracked\n");
        repo.write("src/staged.txt", "staged change, then modified again\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tmux", "process"})
    void eachLaneHasItsOwnWorktreeAndTheUserCheckoutStaysByteIdentical(String driver) throws Exception {
        repo.task("core", "A-1").task("web", "B-1").task("core", "A-2", "A-1").task("web", "B-2", "B-1");
        repo.behave("A-1", "sleep-commit:0.3").behave("B-1", "sleep:0.3");
        repo.commitAll("tasks");
        dirtyUserCheckout();
        UserCheckout before = UserCheckout.of(repo);

        UserCheckout.Sampler sampler = new UserCheckout.Sampler(repo, before);
        BatchOutcome outcome = repo.run(repo.config(c -> {
            c.driver = driver;
            c.integration = "none";
        }));
        List<String> differences = sampler.stop();

        assertCompleted(outcome);
        assertTrue(sampler.samples() > 5, "the sampler ran during the batch");
        assertEquals(List.of(), differences, "the user's checkout changed during the run");
        assertEquals(before, UserCheckout.of(repo), "the user's checkout changed");
        assertEquals(USER_STATUS,
                repo.status(), "staged stays staged, modified stays modified");

        Ledger ledger = ledger();
        Path root = repo.root.toRealPath();
        Set<String> pwds = ledger.runs().stream().map(Ledger.Run::pwd).collect(Collectors.toSet());
        assertEquals(4, pwds.size(), "a worktree per lane and wave: " + ledger);
        for (String pwd : pwds) {
            assertNotEquals(root.toString(), pwd);
            assertTrue(Path.of(pwd).startsWith(root.resolve(".orch/worktrees")), pwd);
        }
        // The work is on the integration branch (integration=none), none of it in the user's checkout.
        String integration = "orch/" + outcome.batchId();
        assertContains(repo.filesAt(integration), "out/A-1.txt", "out/A-2.txt", "out/B-1.txt", "out/B-2.txt");
        assertTrue(Files.notExists(repo.root.resolve("out")));
    }

    @Test
    void uncommittedTaskFilesAreCommittedAloneAndTheUsersStagedChangeStaysStaged() throws Exception {
        dirtyUserCheckout();
        repo.task("core", "A-1").task("core", "A-2", "A-1"); // not committed, not staged
        String staged = repo.run("diff", "--cached", "--binary");
        String unstaged = repo.run("diff", "--binary", "--", "src");

        BatchOutcome outcome = repo.run(repo.config(c -> c.integration = "none"));

        assertCompleted(outcome);
        List<String> subjects = repo.firstParentSubjects("main");
        assertTrue(subjects.get(0).startsWith("orch: add task files"), subjects.toString());
        assertEquals(List.of("tasks/core/A-1-task/PROMPT.md", "tasks/core/A-2-task/PROMPT.md"),
                repo.run("diff-tree", "--no-commit-id", "--name-only", "-r", "main").lines().toList(),
                "the task-file commit holds only the task files");
        assertEquals(staged, repo.run("diff", "--cached", "--binary"), "the staged change is still staged");
        assertEquals(unstaged, repo.run("diff", "--binary", "--", "src"));
        assertEquals(USER_STATUS, repo.status());
        assertEquals("untracked\n", Files.readString(repo.root.resolve("notes/untracked.txt")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tmux", "process"})
    void fastForwardLandsAllWorkAndEveryDoneSoASecondRunFindsNothing(String driver) throws Exception {
        repo.task("core", "A-1").task("core", "A-2", "A-1").task("web", "B-1");
        repo.behave("A-1", "commit");
        repo.commitAll("tasks");
        dirtyUserCheckout();
        UserCheckout before = UserCheckout.of(repo);

        BatchOutcome outcome = repo.run(repo.config(c -> c.driver = driver));

        assertCompleted(outcome);
        List<String> main = repo.filesAt("main");
        assertContains(main, "out/A-1.txt", "out/A-2.txt", "out/B-1.txt",
                done("core", "A-1"), done("core", "A-2"), done("web", "B-1"));
        assertEquals(repo.run("rev-parse", "main"), repo.run("rev-parse", "HEAD"), "main is still checked out");
        assertTrue(Files.exists(repo.root.resolve("out/A-2.txt")), "the checkout was fast-forwarded");
        // The user's own changes survived the fast-forward.
        UserCheckout after = UserCheckout.of(repo);
        assertEquals(before.staged(), after.staged());
        for (String file : List.of("src/app.txt", "src/staged.txt", "notes/untracked.txt")) {
            assertEquals(before.files().get(file), after.files().get(file), file);
        }
        // Nothing of the batch is left: no branches, no worktrees, no tmux server, no agent process.
        assertEquals(List.of("main"), repo.branches());
        assertTrue(!dev.orch.engine.util.Processes.run(List.of("tmux", "-L", BatchSession.tmuxSocket(
                repo.stateDirectory()), "ls"), null, java.util.Map.of(), java.time.Duration.ofSeconds(5)).ok(),
                "the batch's tmux server is gone");
        assertEquals(List.of(), dev.orch.engine.sessions.ProcessGroups.owned(
                dev.orch.engine.sessions.ProcessGroups.under(repo.stateDirectory().resolve("run"))));
        assertEquals(1, repo.worktrees().size(), repo.worktrees().toString());

        int ledgerLines = repo.ledgerLines().size();
        BatchOutcome second = repo.run(repo.config(c -> c.driver = driver));
        assertEquals(Phase.COMPLETED, second.phase());
        assertTrue(second.message().startsWith("Nothing to run"), second.message());
        assertEquals(ledgerLines, repo.ledgerLines().size(), "no agent ran again");
    }

    @Test
    void integrationMergeMakesAMergeCommitOnTheBaseBranch() throws Exception {
        repo.task("core", "A-1").task("web", "B-1");
        repo.commitAll("tasks");
        String base = repo.run("rev-parse", "main");

        BatchOutcome outcome = repo.run(repo.config(c -> c.integration = "merge"));

        assertCompleted(outcome);
        assertEquals(base, repo.run("rev-parse", "main^1"), "first parent is where main was");
        assertEquals("orch: integrate orch/" + outcome.batchId(), repo.run("log", "-1", "--format=%s", "main"));
        assertContains(repo.filesAt("main"), "out/A-1.txt", "out/B-1.txt", done("core", "A-1"), done("web", "B-1"));
        assertContains(repo.filesAt("main^2"), "out/A-1.txt", "out/B-1.txt");
    }

    @Test
    void integrationNoneLeavesMainAndKeepsTheIntegrationBranch() throws Exception {
        repo.task("core", "A-1").task("web", "B-1");
        repo.commitAll("tasks");
        String base = repo.run("rev-parse", "main");

        BatchOutcome outcome = repo.run(repo.config(c -> c.integration = "none"));

        assertCompleted(outcome);
        assertEquals(base, repo.run("rev-parse", "main"), "main unchanged");
        String integration = "orch/" + outcome.batchId();
        assertEquals(List.of("main", integration), repo.branches());
        assertContains(repo.filesAt(integration), "out/A-1.txt", "out/B-1.txt", done("core", "A-1"));
        assertTrue(outcome.message().contains(integration), outcome.message());
    }

    @Test
    void worktreeDirectoryIsWhereAgentsRun() throws Exception {
        repo.task("core", "A-1").task("web", "B-1");
        repo.commitAll("tasks");
        Path worktrees = temp.toRealPath().resolve("elsewhere/worktrees");

        assertCompleted(repo.run(repo.config(c -> c.worktreeDirectory = worktrees)));

        for (Ledger.Run run : ledger().runs()) {
            assertTrue(Path.of(run.pwd()).startsWith(worktrees),
                    run.pwd());
        }
        assertTrue(Files.notExists(repo.root.resolve(".orch/worktrees")), "nothing under the default folder");
        assertEquals(1, repo.worktrees().size(), "worktrees removed at the end: " + repo.worktrees());
    }

    @Test
    void aBaseBranchThatMovedDuringTheBatchIsNotRewrittenAndTheCommandToIntegrateIsGiven() throws Exception {
        repo.task("core", "A-1").behave("A-1", "user-commit"); // the user commits on main while the batch runs
        repo.commitAll("tasks");

        BatchOutcome outcome = repo.run(repo.config());

        assertEquals(Phase.COMPLETED, outcome.phase(), outcome.message());
        assertEquals("user commit during the batch", repo.run("log", "-1", "--format=%s", "main"));
        assertLacks(repo.filesAt("main"), "out/A-1.txt");
        String integration = "orch/" + outcome.batchId();
        assertContains(repo.filesAt(integration), "out/A-1.txt", done("core", "A-1"));
        assertTrue(outcome.message().contains("git checkout main && git merge " + integration), outcome.message());
    }

    @Test
    void fastForwardNeverOverwritesAnUntrackedUserFile() throws Exception {
        repo.task("core", "A-1");
        repo.commitAll("tasks");
        repo.write("out/A-1.txt", "the user's own file\n"); // the batch will bring a file of that name

        BatchOutcome outcome = repo.run(repo.config());

        assertEquals(Phase.COMPLETED, outcome.phase(), outcome.message());
        assertEquals("the user's own file\n", Files.readString(repo.root.resolve("out/A-1.txt")));
        String integration = "orch/" + outcome.batchId();
        assertContains(repo.filesAt(integration), "out/A-1.txt");
        assertTrue(outcome.message().contains("git merge " + integration), outcome.message());
    }

    @Test
    void aBatchRunsFromTheCheckedOutBranchAndLandsThereOnly() throws Exception {
        repo.task("core", "A-1");
        repo.commitAll("tasks");
        String mainBefore = repo.run("rev-parse", "main");
        repo.run("checkout", "-q", "-b", "feature");

        assertCompleted(repo.run(repo.config()));

        assertEquals(mainBefore, repo.run("rev-parse", "main"), "main untouched");
        assertContains(repo.filesAt("feature"), "out/A-1.txt", done("core", "A-1"));
        assertEquals("refs/heads/feature", repo.run("symbolic-ref", "HEAD"));
    }

    @Test
    void aDetachedHeadIsRefusedAndNothingChanges() throws Exception {
        repo.task("core", "A-1");
        repo.commitAll("tasks");
        repo.run("checkout", "-q", "--detach");
        List<String> refs = repo.refs("refs/");

        dev.orch.engine.OrchException refused = org.junit.jupiter.api.Assertions.assertThrows(
                dev.orch.engine.OrchException.class, () -> repo.run(repo.config()));

        assertTrue(refused.getMessage().toLowerCase().contains("detached"), refused.getMessage());
        assertEquals(refs, repo.refs("refs/"));
        assertEquals(List.of(), repo.ledgerLines());
    }

    /**
     * Many developers sign their commits (commit.gpgsign=true). Orch's own commits (task files, saved work, the
     * integration merge) must not depend on the user's signing setup; here signing would fail outright.
     */
    @Test
    void commitSigningConfiguredByTheUserDoesNotBreakOrchsOwnCommits() throws Exception {
        repo.run("config", "gpg.program", "false");
        repo.run("config", "commit.gpgsign", "true");
        repo.task("core", "A-1").task("web", "B-1").behave("B-1", "fail-once"); // uncommitted task files

        BatchOutcome outcome = repo.run(repo.config(c -> c.integration = "merge"));

        assertCompleted(outcome);
        assertContains(repo.filesAt("main"), "out/A-1.txt", "out/B-1.txt", done("core", "A-1"), done("web", "B-1"));
        assertContains(repo.filesAt("refs/orch/saved/" + outcome.batchId() + "/B-1-attempt-1"), "partial/B-1.txt");
    }

    /** The user works in a linked worktree of their repository (as this project's own developers do). */
    @Test
    void aProjectInALinkedWorktreeRunsAndLandsOnThatWorktreesBranch() throws Exception {
        repo.task("core", "A-1").task("core", "A-2", "A-1");
        repo.commitAll("tasks");
        Path linked = temp.toRealPath().resolve("linked");
        repo.run("worktree", "add", "-q", "-b", "feature", linked.toString());
        String mainBefore = repo.run("rev-parse", "main");

        BatchOutcome outcome = repo.run(repo.config(c -> {
            c.projectDir = linked;
            c.tasksDirectory = linked.resolve("tasks");
            c.worktreeDirectory = linked.resolve(".orch/worktrees");
            c.stateDirectory = linked.resolve("target/orchestrate");
        }));

        try {
            assertCompleted(outcome);
            assertEquals(mainBefore, repo.run("rev-parse", "main"));
            assertContains(repo.filesAt("feature"), "out/A-1.txt", "out/A-2.txt", done("core", "A-2"));
            assertTrue(Files.exists(linked.resolve("out/A-2.txt")), "the linked worktree was fast-forwarded");
            assertEquals("", repo.git.at(linked).run("status", "--porcelain").stdout(), "nothing of Orch shows");
            assertEquals(2, repo.worktrees().size(), repo.worktrees().toString());
        } finally {
            new dev.orch.testing.TestRepo.Cleaner(linked.resolve("target/orchestrate")).close();
        }
    }
}
