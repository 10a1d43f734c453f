package dev.orch.engine.commands;

import dev.orch.engine.OrchFailure;
import dev.orch.engine.git.Git;
import dev.orch.engine.tasks.Backlog;
import dev.orch.engine.tasks.Task;
import dev.orch.engine.util.ProcessResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Commits the batch's task files that are not committed yet, on the base branch, in a commit holding only them.
 * It builds the commit through a private index, so whatever else the user staged or changed stays exactly as it
 * was; only the index entries of the committed files are brought in line with the new commit.
 */
final class TaskFiles {
    private TaskFiles() {
    }

    /** Returns the base branch's commit the batch starts from. */
    static String commitUncommitted(Project project, Backlog backlog, String batchId, String baseBranch) {
        Git git = project.git();
        String head = git.out("rev-parse", "HEAD");
        List<String> folders = new ArrayList<>();
        for (Task task : backlog.pending()) {
            folders.add(project.relativeToRepo(task.spec().folder()) + "/");
        }
        String tasksDir = project.relativeToRepo(backlog.tasksDirectory());
        ProcessResult status = git.run("status", "--porcelain", "-z", "--untracked-files=all", "--", tasksDir);
        List<String> paths = new ArrayList<>();
        String[] fields = status.stdout().split("\0");
        for (int i = 0; i < fields.length; i++) {
            String field = fields[i];
            if (field.length() < 4) {
                continue;
            }
            char index = field.charAt(0);
            char worktree = field.charAt(1);
            String path = field.substring(3);
            if (index == 'R' || index == 'C') {
                i++; // the original path follows
            }
            if (worktree == 'D' || (index == 'D' && worktree == ' ')) {
                continue;
            }
            if (folders.stream().anyMatch(path::startsWith)) {
                paths.add(path);
            }
        }
        if (paths.isEmpty()) {
            return head;
        }
        Path index = null;
        try {
            index = Files.createTempFile("orch-taskfiles-", ".index");
            Files.delete(index);
            Map<String, String> env = Map.of("GIT_INDEX_FILE", index.toString());
            require(git.run(List.of("read-tree", head), env), "git read-tree");
            List<String> add = new ArrayList<>(List.of("add", "-f", "--"));
            add.addAll(paths);
            require(git.run(add, env), "git add (task files)");
            String tree = require(git.run(List.of("write-tree"), env), "git write-tree").strip();
            String commit = require(git.run("commit-tree", tree, "-p", head, "-m",
                    "orch: add task files for batch " + batchId), "git commit-tree").strip();
            require(git.run("update-ref", "-m", "orch: task files for batch " + batchId, "refs/heads/" + baseBranch,
                    commit, head), "git update-ref " + baseBranch);
            List<String> reset = new ArrayList<>(List.of("reset", "-q", "--"));
            reset.addAll(paths);
            git.run(reset, Map.of());
            return commit;
        } catch (IOException e) {
            throw new OrchFailure("cannot commit task files: " + e.getMessage(), e);
        } finally {
            if (index != null) {
                try {
                    Files.deleteIfExists(index);
                } catch (IOException ignored) {
                    // a stray temp file
                }
            }
        }
    }

    private static String require(ProcessResult result, String what) {
        if (!result.ok()) {
            throw new OrchFailure(what + " failed while committing task files: " + result.diagnostic());
        }
        return result.stdout();
    }
}
