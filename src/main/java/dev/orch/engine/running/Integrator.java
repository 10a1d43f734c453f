package dev.orch.engine.running;

import dev.orch.engine.git.Git;
import dev.orch.engine.util.ProcessResult;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Brings the integration branch into the base branch when the batch ends (integration = ff | merge | none).
 * Never discards the user's local changes: where the base branch is checked out, git itself does the update and
 * refuses when local changes are in the way; elsewhere the ref moves by compare-and-swap. When it cannot be done
 * safely, the result is the one command that does it.
 */
final class Integrator {
    /** How it went: whether the base branch now holds the batch, and what to tell the user. */
    record Result(boolean integrated, String message) {
    }

    private final Workspace workspace;

    Integrator(Workspace workspace) {
        this.workspace = workspace;
    }

    Result integrate(String mode, String baseBranch, String integrationBranch, String batchBaseCommit) {
        Git repo = workspace.repo();
        Optional<String> integrationTip = repo.resolve("refs/heads/" + integrationBranch);
        Optional<String> baseTip = repo.resolve("refs/heads/" + baseBranch);
        if (integrationTip.isEmpty()) {
            return new Result(false, "integration branch " + integrationBranch + " is missing; nothing to integrate");
        }
        if (baseTip.isEmpty()) {
            return new Result(false, "base branch " + baseBranch + " no longer exists; the work is on "
                    + integrationBranch + ": git branch " + baseBranch + " " + integrationBranch);
        }
        String target = integrationTip.get();
        if (target.equals(batchBaseCommit) || repo.isAncestor(target, baseTip.get())) {
            return new Result(true, baseBranch + " already holds everything the batch produced");
        }
        String manual = "git checkout " + baseBranch + " && git merge " + integrationBranch;
        return switch (mode) {
            case "none" -> new Result(false, "integration=none: the work is on " + integrationBranch
                    + "; to integrate it: " + manual);
            case "merge" -> merge(baseBranch, integrationBranch, baseTip.get(), target, manual);
            default -> fastForward(baseBranch, integrationBranch, baseTip.get(), target, manual);
        };
    }

    private Result fastForward(String baseBranch, String integrationBranch, String baseTip, String target,
                               String manual) {
        Git repo = workspace.repo();
        if (!repo.isAncestor(baseTip, target)) {
            return new Result(false, baseBranch + " moved during the batch, so it cannot be fast-forwarded; to"
                    + " integrate: " + manual);
        }
        Optional<Path> checkout = workspace.worktreeOf(baseBranch);
        if (checkout.isPresent()) {
            ProcessResult result = repo.at(checkout.get()).run("merge", "--ff-only", "--no-verify", "-q",
                    integrationBranch);
            if (!result.ok()) {
                List<String> staged = stageLocalChangesAlreadyInTarget(repo.at(checkout.get()), baseTip, target);
                if (!staged.isEmpty()) {
                    result = repo.at(checkout.get()).run("merge", "--ff-only", "--no-verify", "-q", integrationBranch);
                    if (!result.ok()) {
                        unstage(repo.at(checkout.get()), staged); // leave the user's index exactly as it was
                    }
                }
            }
            if (!result.ok()) {
                return new Result(false, "could not fast-forward " + baseBranch + " in " + checkout.get()
                        + " without touching your local changes (" + firstLine(result) + "); after committing or"
                        + " stashing them: " + manual);
            }
            return new Result(true, baseBranch + " fast-forwarded to " + integrationBranch);
        }
        ProcessResult update = repo.run("update-ref", "-m", "orch: fast-forward to " + integrationBranch,
                "refs/heads/" + baseBranch, target, baseTip);
        return update.ok() ? new Result(true, baseBranch + " fast-forwarded to " + integrationBranch)
                : new Result(false, "could not move " + baseBranch + " (" + firstLine(update) + "); to integrate: "
                + manual);
    }

    /**
     * git refuses to fast-forward over an unstaged local change even when the file already holds exactly what the
     * fast-forward brings (a PROMPT.md edited during a pause and run by resume). When every local change in the
     * way is byte-identical to the target, staging those paths loses nothing and lets the fast-forward through;
     * any other local change still blocks it. Returns the paths it staged (empty when it staged nothing).
     * (A real merge refuses even then, so this is for fast-forwards only.)
     */
    private static List<String> stageLocalChangesAlreadyInTarget(Git checkout, String baseTip, String target) {
        ProcessResult changed = checkout.run("diff", "--name-only", "-z", baseTip, target);
        ProcessResult local = checkout.run("diff", "--name-only", "-z");
        if (!changed.ok() || !local.ok() || local.stdout().isEmpty()) {
            return List.of();
        }
        java.util.Set<String> incoming = new java.util.HashSet<>(java.util.Arrays.asList(changed.stdout().split("\0")));
        java.util.List<String> inTheWay = new java.util.ArrayList<>();
        for (String path : local.stdout().split("\0")) {
            if (!incoming.contains(path)) {
                continue;
            }
            String mine = checkout.run("hash-object", "--", path).stdout().strip();
            String theirs = checkout.run("rev-parse", "-q", "--verify", target + ":" + path).stdout().strip();
            if (mine.isEmpty() || !mine.equals(theirs)) {
                return List.of();
            }
            inTheWay.add(path);
        }
        if (inTheWay.isEmpty()) {
            return List.of();
        }
        java.util.List<String> add = new java.util.ArrayList<>(java.util.List.of("add", "--"));
        add.addAll(inTheWay);
        if (!checkout.run(add, java.util.Map.of()).ok()) {
            unstage(checkout, inTheWay);
            return List.of();
        }
        return inTheWay;
    }

    private static void unstage(Git checkout, List<String> paths) {
        java.util.List<String> reset = new java.util.ArrayList<>(java.util.List.of("reset", "-q", "--"));
        reset.addAll(paths);
        checkout.run(reset, java.util.Map.of());
    }

    private Result merge(String baseBranch, String integrationBranch, String baseTip, String target, String manual) {
        Git repo = workspace.repo();
        ProcessResult predicted = repo.run("merge-tree", "--write-tree", "--name-only", baseTip, target);
        if (!predicted.ok()) {
            return new Result(false, "merging " + integrationBranch + " into " + baseBranch
                    + " would conflict; resolve it by hand: " + manual);
        }
        String message = "orch: integrate " + integrationBranch;
        Optional<Path> checkout = workspace.worktreeOf(baseBranch);
        if (checkout.isPresent()) {
            Git git = repo.at(checkout.get());
            ProcessResult result = git.run("-c", "commit.gpgsign=false", "merge", "--no-ff", "--no-verify", "-q", "-m",
                    message, integrationBranch);
            if (!result.ok()) {
                workspace.abortMergeInProgress(checkout.get());
                return new Result(false, "could not merge into " + baseBranch + " without touching your local"
                        + " changes (" + firstLine(result) + "); after committing or stashing them: " + manual);
            }
            return new Result(true, integrationBranch + " merged into " + baseBranch);
        }
        String tree = predicted.stdout().lines().findFirst().orElse("").strip();
        ProcessResult commit = repo.run("commit-tree", tree, "-p", baseTip, "-p", target, "-m", message);
        if (!commit.ok()) {
            return new Result(false, "could not create the merge commit (" + firstLine(commit) + "); " + manual);
        }
        ProcessResult update = repo.run("update-ref", "-m", message, "refs/heads/" + baseBranch,
                commit.stdout().strip(), baseTip);
        return update.ok() ? new Result(true, integrationBranch + " merged into " + baseBranch)
                : new Result(false, "could not move " + baseBranch + " (" + firstLine(update) + "); " + manual);
    }

    private static String firstLine(ProcessResult result) {
        return result.diagnostic().lines().findFirst().orElse("exit " + result.exitCode());
    }
}
