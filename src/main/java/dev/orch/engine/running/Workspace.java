package dev.orch.engine.running;

import dev.orch.engine.OrchFailure;
import dev.orch.engine.git.Git;
import dev.orch.engine.util.ProcessResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Git operations on the repository and its worktrees. Writes that touch shared repository files
 * (worktree registration, config, packed refs) are serialized: concurrent {@code git worktree add} calls collide on
 * {@code .git/config.lock}.
 */
public final class Workspace {
    private final Git repo;
    private final ReentrantLock repositoryWrites = new ReentrantLock();

    public Workspace(Path repoRoot) {
        this.repo = new Git(repoRoot);
    }

    public Git repo() {
        return repo;
    }

    public Git at(Path worktree) {
        return repo.at(worktree);
    }

    /**
     * Creates (or reattaches) a worktree on {@code branch}; a new branch starts at {@code startCommit}. Returns
     * true when it created the worktree now (a fresh, complete checkout).
     */
    public boolean ensureWorktree(Path path, String branch, String startCommit) {
        repositoryWrites.lock();
        try {
            if (Files.exists(path.resolve(".git")) && isWorktree(path)) {
                String head = at(path).run("symbolic-ref", "-q", "--short", "HEAD").stdout().strip();
                if (!head.equals(branch)) {
                    throw new OrchFailure("worktree " + path + " is on '" + head + "', expected " + branch);
                }
                return false;
            }
            if (Files.exists(path)) {
                // Ours (named after the batch) but not a registered worktree: a leftover of an interrupted add.
                deleteTree(path);
                repo.run("worktree", "prune");
            }
            // Usually the branch is new; when it exists already (resume), check it out as it is.
            ProcessResult result = repo.run("worktree", "add", "-q", "-b", branch, path.toString(), startCommit == null
                    ? "HEAD" : startCommit);
            if (!result.ok() && repo.resolve("refs/heads/" + branch).isPresent()) {
                if (Files.exists(path)) {
                    deleteTree(path);
                }
                repo.run("worktree", "prune");
                result = repo.run("worktree", "add", "-q", path.toString(), branch);
            }
            if (!result.ok()) {
                throw new OrchFailure("git worktree add " + path + " failed: " + result.diagnostic());
            }
            return true;
        } finally {
            repositoryWrites.unlock();
        }
    }

    /** True when the path is a registered worktree of this repository with a checkout present. */
    public boolean isWorktree(Path path) {
        return Files.isRegularFile(path.resolve(".git")) && worktreePaths().contains(path.toAbsolutePath().normalize());
    }

    public List<Path> worktreePaths() {
        ProcessResult result = repo.run("worktree", "list", "--porcelain", "-z");
        List<Path> paths = new ArrayList<>();
        for (String field : result.stdout().split("\0")) {
            if (field.startsWith("worktree ")) {
                paths.add(Path.of(field.substring("worktree ".length())).toAbsolutePath().normalize());
            }
        }
        return paths;
    }

    /** The worktree that has {@code branch} checked out, if any. */
    public Optional<Path> worktreeOf(String branch) {
        ProcessResult result = repo.run("worktree", "list", "--porcelain", "-z");
        Path current = null;
        for (String field : result.stdout().split("\0")) {
            if (field.startsWith("worktree ")) {
                current = Path.of(field.substring("worktree ".length()));
            } else if (field.equals("branch refs/heads/" + branch) && current != null) {
                return Optional.of(current);
            }
        }
        return Optional.empty();
    }

    public boolean dirty(Path worktree) {
        ProcessResult status = at(worktree).run("status", "--porcelain", "-z", "--untracked-files=all");
        if (!status.ok()) {
            throw new OrchFailure("git status failed in " + worktree + ": " + status.diagnostic());
        }
        return !status.stdout().isEmpty();
    }

    /** Commits everything in the worktree (tracked changes and untracked, unignored files). False if clean. */
    public boolean commitAll(Path worktree, String message) {
        if (!dirty(worktree)) {
            return false;
        }
        Git git = at(worktree);
        requireOk(git.run("add", "-A"), "git add -A", worktree);
        requireOk(git.run("-c", "commit.gpgsign=false", "commit", "-q", "--no-verify", "-m", message), "git commit",
                worktree);
        return true;
    }

    /**
     * Commits everything the worktree holds that is not committed (untracked files included, ignored ones not)
     * plus the given marker file even if it is ignored, in one commit. Nothing to commit (the agent committed its
     * work and the marker itself) is fine.
     */
    public void commitCompletion(Path worktree, Path marker, String message) {
        Git git = at(worktree);
        requireOk(git.run("add", "-A"), "git add -A", worktree);
        String relative = worktree.relativize(marker).toString();
        requireOk(git.run("add", "-f", "--", relative), "git add " + relative, worktree);
        ProcessResult commit = git.run("-c", "commit.gpgsign=false", "commit", "-q", "--no-verify", "-m", message);
        if (!commit.ok() && !git.run("diff", "--cached", "--quiet").ok()) {
            throw new OrchFailure("git commit failed in " + worktree + ": " + commit.diagnostic());
        }
    }

    public String head(Path worktree) {
        return dev.orch.engine.git.HeadFile.read(worktree).map(dev.orch.engine.git.HeadFile.Head::commit)
                .orElseGet(() -> at(worktree).out("rev-parse", "HEAD"));
    }

    /**
     * Keeps everything in the worktree that is not in {@code sinceCommit} on a ref: uncommitted changes (through
     * a private index, so the worktree's own index is untouched) on top of whatever the agent committed. Returns
     * the ref, or empty when there was nothing to keep.
     */
    public Optional<String> saveWork(Path worktree, String sinceCommit, String ref, String message) {
        Git git = at(worktree);
        String head = head(worktree);
        String keep = head;
        if (dirty(worktree)) {
            Path index = null;
            try {
                index = Files.createTempFile("orch-save-", ".index");
                Files.delete(index);
                Map<String, String> env = Map.of("GIT_INDEX_FILE", index.toString());
                requireOk(git.run(List.of("read-tree", "HEAD"), env), "git read-tree", worktree);
                requireOk(git.run(List.of("add", "-A"), env), "git add -A", worktree);
                String tree = requireOk(git.run(List.of("write-tree"), env), "git write-tree", worktree).strip();
                keep = requireOk(git.run(List.of("commit-tree", tree, "-p", head, "-m", message), Map.of()),
                        "git commit-tree", worktree).strip();
            } catch (IOException e) {
                throw new OrchFailure("cannot save work in " + worktree + ": " + e.getMessage(), e);
            } finally {
                if (index != null) {
                    try {
                        Files.deleteIfExists(index);
                    } catch (IOException ignored) {
                        // a stray temp index is harmless
                    }
                }
            }
        }
        if (sinceCommit != null && keep.equals(sinceCommit)) {
            // Nothing new; a save made before a crash may already hold the work.
            return repo.resolve(ref).isPresent() ? Optional.of(ref) : Optional.empty();
        }
        repositoryWrites.lock();
        try {
            requireOk(repo.run("update-ref", "-m", "orch: " + message, ref, keep), "git update-ref " + ref, worktree);
        } finally {
            repositoryWrites.unlock();
        }
        return Optional.of(ref);
    }

    /**
     * Agents may leave the lane branch (a branch of their own, a detached HEAD) while committing. Moves the lane
     * branch to where the agent ended and checks it out again (uncommitted changes stay), so the merge picks up the
     * work. Refuses when the agent's HEAD does not contain the lane's starting point.
     */
    public void adoptHeadAsBranch(Path worktree, String branch, String startCommit) {
        Git git = at(worktree);
        String checkedOut = dev.orch.engine.git.HeadFile.read(worktree).map(dev.orch.engine.git.HeadFile.Head::ref)
                .orElseGet(() -> git.run("symbolic-ref", "-q", "HEAD").stdout().strip());
        if (checkedOut.equals("refs/heads/" + branch)) {
            return;
        }
        String head = head(worktree);
        if (startCommit != null && !git.isAncestor(startCommit, head)) {
            throw new OrchFailure("the agent left " + worktree + " on a commit (" + head + ") that does not contain"
                    + " its lane's start " + startCommit + "; its work is not merged");
        }
        requireOk(git.run("checkout", "-q", "-B", branch, head), "git checkout -B " + branch, worktree);
    }

    /** Checks out the lane branch again (discarding nothing: the caller saved the work first). */
    public void checkoutBranch(Path worktree, String branch) {
        Git git = at(worktree);
        if (!git.run("symbolic-ref", "-q", "HEAD").stdout().strip().equals("refs/heads/" + branch)) {
            requireOk(git.run("checkout", "-q", "-f", branch), "git checkout " + branch, worktree);
        }
    }

    /** True while a merge in that worktree waits to be committed or aborted (MERGE_HEAD exists). */
    public boolean mergeInProgress(Path worktree) {
        String gitDir = at(worktree).run("rev-parse", "--absolute-git-dir").stdout().strip();
        return !gitDir.isEmpty() && Files.exists(Path.of(gitDir, "MERGE_HEAD"));
    }

    /** Aborts a merge left in progress in that worktree, if there is one. */
    public void abortMergeInProgress(Path worktree) {
        if (mergeInProgress(worktree)) {
            at(worktree).run("merge", "--abort");
        }
    }

    /** Puts the worktree back to a commit: tracked files reset, untracked (not ignored) files removed. */
    public void resetHard(Path worktree, String commit) {
        Git git = at(worktree);
        requireOk(git.run("reset", "-q", "--hard", commit), "git reset --hard", worktree);
        requireOk(git.run("clean", "-ffdq"), "git clean", worktree);
    }

    /** Removes a worktree; the caller has already saved whatever it held. */
    public void removeWorktree(Path path) {
        repositoryWrites.lock();
        try {
            // One call in the usual case; prune only when git could not remove it as a worktree.
            boolean removed = Files.exists(path.resolve(".git"))
                    && repo.run("worktree", "remove", "--force", "--force", path.toString()).ok();
            if (!removed) {
                if (Files.exists(path)) {
                    deleteTree(path);
                }
                repo.run("worktree", "prune");
            }
        } finally {
            repositoryWrites.unlock();
        }
    }

    /** Deletes a branch only if it still points where we think (compare-and-swap). */
    public boolean deleteBranch(String branch, String expected) {
        repositoryWrites.lock();
        try {
            if (expected != null) {
                // Compare-and-swap in one call: fails when the branch moved; gone already is fine.
                return repo.run("update-ref", "-d", "refs/heads/" + branch, expected).ok()
                        || repo.resolve("refs/heads/" + branch).isEmpty();
            }
            Optional<String> tip = repo.resolve("refs/heads/" + branch);
            if (tip.isEmpty()) {
                return true;
            }
            if (expected != null && !tip.get().equals(expected)) {
                return false;
            }
            return repo.run("update-ref", "-d", "refs/heads/" + branch, tip.get()).ok();
        } finally {
            repositoryWrites.unlock();
        }
    }

    /** Creates a branch only if it does not exist yet. */
    public void createBranch(String branch, String commit) {
        repositoryWrites.lock();
        try {
            requireOk(repo.run("update-ref", "refs/heads/" + branch, commit, ""), "create branch " + branch,
                    repo.dir());
        } finally {
            repositoryWrites.unlock();
        }
    }

    /** Adds a line to the repository's info/exclude (not the user's .gitignore) so our folder stays out of status. */
    public void excludeFromStatus(String repoRelativeDirectory) {
        String line = "/" + repoRelativeDirectory + (repoRelativeDirectory.endsWith("/") ? "" : "/");
        Path commonDir = Path.of(repo.out("rev-parse", "--git-common-dir"));
        if (!commonDir.isAbsolute()) {
            commonDir = repo.dir().resolve(commonDir).normalize();
        }
        Path exclude = commonDir.resolve("info").resolve("exclude");
        try {
            String current = Files.exists(exclude) ? Files.readString(exclude, StandardCharsets.UTF_8) : "";
            if (current.lines().anyMatch(existing -> existing.strip().equals(line))) {
                return;
            }
            Files.createDirectories(exclude.getParent());
            String prefix = current.isEmpty() || current.endsWith("\n") ? "" : "\n";
            Files.writeString(exclude, current + prefix + "# Orch worktrees\n" + line + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new OrchFailure("cannot update " + exclude + ": " + e.getMessage(), e);
        }
    }

    static String requireOk(ProcessResult result, String what, Path where) {
        if (!result.ok()) {
            throw new OrchFailure(what + " failed in " + where + ": " + result.diagnostic());
        }
        return result.stdout();
    }

    /** Removes a folder Orch made once nothing is left in it (never forces anything). */
    static void deleteIfEmpty(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                try (var entries = Files.list(dir)) {
                    if (entries.findAny().isEmpty()) {
                        Files.delete(dir);
                    }
                }
            }
        } catch (IOException ignored) {
            // not empty after all, or not ours to force
        }
    }

    static void deleteTree(Path root) {
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // best effort: what is left is reported by the next cleanup
                }
            });
        } catch (IOException ignored) {
            // already gone
        }
    }
}
