package dev.orch.engine.running;

import dev.orch.engine.git.Git;
import dev.orch.engine.state.CrashPoints;
import dev.orch.engine.state.LaneRecord;
import dev.orch.engine.state.MergeRecord;
import dev.orch.engine.util.ProcessResult;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges a wave's finished lanes into the integration branch, one after another, each with a merge commit, in a
 * worktree of its own (the user's checkout is never used). A conflict goes to mergeAgentCommand when set; a
 * failing verifyCommand undoes the merge. Conflicts are never auto-resolved by picking a side.
 */
final class WaveMerger {
    private final BatchContext context;

    WaveMerger(BatchContext context) {
        this.context = context;
    }

    /** Merges every lane of the wave that is ready; returns the lanes that failed to merge. */
    List<LaneRecord> merge(int wave) {
        List<LaneRecord> lanes = context.recorder().read(state -> new ArrayList<>(state.lanesOfWave(wave)));
        if (context.workspace().isWorktree(context.layout().mergeWorktree())) {
            syncMergeWorktree(context.layout().mergeWorktree());
        }
        List<LaneRecord> ready = new ArrayList<>();
        for (LaneRecord lane : lanes) {
            String status = context.recorder().read(state -> lane.status);
            if (status.equals("merged") && landed(lane)) {
                continue;
            }
            if (status.equals("done") || status.equals("merge-failed") || status.equals("merged")) {
                ready.add(lane);
            } else if (status.equals("failed") && anyTaskRan(lane)) {
                // A lane whose tasks were all blocked never got a branch: nothing to keep or report.
                recordNotMerged(lane);
            }
        }
        Map<LaneRecord, Integer> filesChanged = filesChanged(ready);
        List<LaneRecord> failed = new ArrayList<>();
        for (LaneRecord lane : order(ready, filesChanged)) {
            if (!mergeLane(lane, filesChanged.get(lane))) {
                failed.add(lane);
            }
        }
        return failed;
    }

    private boolean anyTaskRan(LaneRecord lane) {
        return context.recorder().read(state -> lane.tasks.stream()
                .anyMatch(id -> !state.tasks.get(id).attempts.isEmpty()));
    }

    boolean landed(LaneRecord lane) {
        return landed(context.workspace(), context.layout().integrationBranch(), lane);
    }

    /** True when the lane's recorded tip is in the integration branch (effects, not markers, decide). */
    static boolean landed(Workspace workspace, String integrationBranch, LaneRecord lane) {
        String tip = lane.tip != null ? lane.tip
                : workspace.repo().resolve("refs/heads/" + lane.branch).orElse(null);
        return tip != null && workspace.repo().isAncestor(tip, "refs/heads/" + integrationBranch);
    }

    /** Files each lane changes against the integration branch (one diff per lane, used for order and report). */
    private Map<LaneRecord, Integer> filesChanged(List<LaneRecord> lanes) {
        Map<LaneRecord, Integer> files = new LinkedHashMap<>();
        Git repo = context.workspace().repo();
        String integration = "refs/heads/" + context.layout().integrationBranch();
        for (LaneRecord lane : lanes) {
            ProcessResult diff = repo.run("diff", "--name-only", "-z", integration + "..." + lane.branch);
            files.put(lane, !diff.ok() || diff.stdout().isEmpty() ? 0 : diff.stdout().split("\0").length);
        }
        return files;
    }

    private List<LaneRecord> order(List<LaneRecord> lanes, Map<LaneRecord, Integer> filesChanged) {
        if (!"fewest-files-first".equals(context.settings().mergeOrder())) {
            return lanes.stream().sorted(Comparator.comparingInt(l -> l.number)).toList();
        }
        return MergeOrder.fewestFilesFirst(filesChanged);
    }

    private boolean mergeLane(LaneRecord lane, int filesChanged) {
        Git repo = context.workspace().repo();
        String integrationRef = "refs/heads/" + context.layout().integrationBranch();
        String before = repo.out("rev-parse", integrationRef);
        String tip = repo.resolve("refs/heads/" + lane.branch).orElse(null);
        if (tip == null && lane.tip != null && repo.resolve(lane.tip).isPresent()) {
            // Merged and cleaned up before, but not in the integration branch now: bring the branch back.
            context.workspace().createBranch(lane.branch, lane.tip);
            tip = lane.tip;
        }
        if (tip == null) {
            return record(lane, "not-merged", List.of(), null, "lane branch " + lane.branch + " is missing", 0);
        }
        if (repo.isAncestor(tip, before)) {
            return record(lane, tip, "merged", List.of(), before, "already in the integration branch", 0);
        }
        String message = "orch: merge wave " + lane.wave + " lane " + lane.number + " ("
                + String.join(", ", lane.tasks) + ")";
        if (context.settings().verifyCommand() == null) {
            // Nothing needs a checkout of the result: merge in the object database, no worktree involved.
            String merged = mergeWithoutCheckout(repo, integrationRef, before, tip, message);
            if (merged != null) {
                return record(lane, tip, "merged", List.of(), merged, null, filesChanged);
            }
        }
        Path worktree = context.layout().mergeWorktree();
        context.workspace().ensureWorktree(worktree, context.layout().integrationBranch(), null);
        syncMergeWorktree(worktree);
        Git git = context.workspace().at(worktree);
        CrashPoints.at("merge.before-git-merge");
        ProcessResult merge = git.run("-c", "commit.gpgsign=false", "merge", "--no-ff", "--no-verify", "-m",
                message, lane.branch);
        CrashPoints.at("merge.after-git-merge");
        if (!merge.ok()) {
            List<String> conflicts = conflictFiles(git);
            if (conflicts.isEmpty()) {
                undo(git, before);
                return record(lane, "conflict", List.of(), null, "git merge failed: " + firstLine(merge), 0);
            }
            if (!resolveWithMergeAgent(lane, worktree, conflicts, before, tip)) {
                undo(git, before);
                return record(lane, "conflict", conflicts, null, "merge conflict in " + String.join(", ", conflicts),
                        0);
            }
        }
        String verify = context.settings().verifyCommand();
        if (verify != null) {
            ProcessResult result = ShellCommand.run(verify, context.layout().projectIn(worktree),
                    mergeEnv(lane, List.of()), logFile("verify", lane), commandTimeout());
            if (!result.ok()) {
                undo(git, before);
                return record(lane, "verify-failed", List.of(), null, "verifyCommand failed (exit "
                        + result.exitCode() + ") after merging; the merge was undone. log: "
                        + context.relative(logFile("verify", lane)), filesChanged);
            }
        }
        return record(lane, "merged", List.of(), git.out("rev-parse", "HEAD"), null, filesChanged);
    }

    private boolean resolveWithMergeAgent(LaneRecord lane, Path worktree, List<String> conflicts, String before,
                                          String tip) {
        String command = context.settings().mergeAgentCommand();
        if (command == null) {
            return false;
        }
        context.console().info("[orch] merge conflict in " + String.join(", ", conflicts) + ": running mergeAgentCommand");
        ShellCommand.run(command, context.layout().projectIn(worktree), mergeEnv(lane, conflicts),
                logFile("merge-agent", lane), commandTimeout());
        Git git = context.workspace().at(worktree);
        boolean committed = !context.workspace().mergeInProgress(worktree);
        boolean clean = git.run("status", "--porcelain", "-z").stdout().isEmpty();
        String head = git.out("rev-parse", "HEAD");
        return committed && clean && !head.equals(before) && git.isAncestor(tip, head) && git.isAncestor(before, head);
    }

    /** verifyCommand and mergeAgentCommand get taskTimeout when one is set, else two hours. */
    private Duration commandTimeout() {
        long millis = AttemptMonitor.toMillis(context.settings().taskTimeoutMinutes());
        return millis > 0 ? Duration.ofMillis(millis) : Duration.ofHours(2);
    }

    private Map<String, String> mergeEnv(LaneRecord lane, List<String> conflicts) {
        Map<String, String> env = new LinkedHashMap<>(context.agentIdentity());
        env.put("ORCH_BATCH_ID", context.layout().batchId());
        env.put("ORCH_WAVE", String.valueOf(lane.wave));
        env.put("ORCH_LANE", String.valueOf(lane.number));
        env.put("ORCH_MERGE_SOURCE", lane.branch);
        env.put("ORCH_MERGE_TARGET", context.layout().integrationBranch());
        env.put("ORCH_CONFLICT_FILES", String.join("\n", conflicts));
        env.put("ORCH_WORKTREE", context.layout().mergeWorktree().toString());
        return env;
    }

    private Path logFile(String kind, LaneRecord lane) {
        return context.layout().logsDirectory().resolve(kind + "-" + lane.key() + ".log");
    }

    private boolean record(LaneRecord lane, String status, List<String> conflicts, String mergeCommit,
                           String message, int filesChanged) {
        return record(lane, null, status, conflicts, mergeCommit, message, filesChanged);
    }

    private boolean record(LaneRecord lane, String knownTip, String status, List<String> conflicts, String mergeCommit,
                           String message, int filesChanged) {
        boolean merged = status.equals("merged");
        String tip = knownTip != null ? knownTip
                : context.workspace().repo().resolve("refs/heads/" + lane.branch).orElse(lane.tip);
        MergeRecord result = new MergeRecord();
        result.wave = lane.wave;
        result.lane = lane.number;
        result.branch = lane.branch;
        result.status = status;
        result.conflictFiles = new ArrayList<>(conflicts);
        result.mergeCommit = mergeCommit;
        result.message = message;
        result.at = Clock.now();
        result.filesChanged = filesChanged;
        context.recorder().update(state -> {
            lane.status = merged ? "merged" : status.equals("not-merged") ? lane.status : "merge-failed";
            lane.tip = tip;
            lane.mergeCommit = mergeCommit;
            state.mergeResults.add(result);
        });
        context.recorder().event("merge." + status, "wave", lane.wave, "lane", lane.number, "branch", lane.branch,
                "conflictFiles", conflicts.isEmpty() ? null : conflicts, "message", message);
        String line = "[orch] merge wave " + lane.wave + " lane " + lane.number + " (" + String.join(", ", lane.tasks)
                + "): " + status + (message == null ? "" : " - " + message);
        if (merged) {
            context.console().info(line + (filesChanged > 0 ? " (" + filesChanged + " files)" : ""));
        } else {
            context.console().error(line + "; branch " + lane.branch + " kept");
        }
        return merged;
    }

    private void recordNotMerged(LaneRecord lane) {
        boolean already = context.recorder().read(state -> state.mergeResults.stream()
                .anyMatch(m -> m.wave == lane.wave && m.lane == lane.number && m.status.equals("not-merged")));
        if (!already) {
            record(lane, "not-merged", List.of(), null, "a task of this lane did not succeed", 0);
        }
    }

    /**
     * A clean merge made with {@code git merge-tree} (the same ort merge as {@code git merge}), committed with two
     * parents and moved onto the integration branch by compare-and-swap. Returns the merge commit, or null when it
     * conflicts or this git cannot do it, so the caller merges in the worktree (where a merge agent can help).
     */
    private String mergeWithoutCheckout(Git repo, String integrationRef, String before, String tip, String message) {
        ProcessResult tree = repo.run("merge-tree", "--write-tree", "--no-messages", before, tip);
        if (!tree.ok()) {
            return null;
        }
        String treeId = tree.stdout().lines().findFirst().orElse("").strip();
        ProcessResult commit = repo.run("commit-tree", treeId, "-p", before, "-p", tip, "-m", message);
        if (!commit.ok()) {
            return null;
        }
        String merged = commit.stdout().strip();
        CrashPoints.at("merge.before-git-merge");
        boolean moved = repo.run("update-ref", "-m", message, integrationRef, merged, before).ok();
        CrashPoints.at("merge.after-git-merge");
        return moved ? merged : null;
    }

    /**
     * Makes the merge worktree match its branch: a crash in the middle of a merge leaves MERGE_HEAD or a dirty tree
     * behind, and merges made without a checkout move the branch under it.
     */
    private void syncMergeWorktree(Path worktree) {
        Git git = context.workspace().at(worktree);
        context.workspace().abortMergeInProgress(worktree);
        if (!git.run("status", "--porcelain", "-z").stdout().isEmpty()) {
            git.run("reset", "-q", "--hard", "HEAD");
            git.run("clean", "-ffdq");
        }
    }

    private void undo(Git git, String before) {
        context.workspace().abortMergeInProgress(git.dir());
        git.run("reset", "-q", "--hard", before);
        git.run("clean", "-ffdq");
    }

    private static List<String> conflictFiles(Git git) {
        ProcessResult result = git.run("diff", "--name-only", "-z", "--diff-filter=U");
        return result.stdout().isEmpty() ? List.of() : Arrays.stream(result.stdout().split("\0")).sorted().toList();
    }

    private static String firstLine(ProcessResult result) {
        return result.diagnostic().lines().findFirst().orElse("exit " + result.exitCode());
    }
}
