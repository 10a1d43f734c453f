package dev.orch.engine.running;

import dev.orch.engine.sessions.RunFiles;

import java.nio.file.Path;

/**
 * Every name and path a batch uses, derived from validated IDs only (batch IDs are timestamps, task IDs match
 * the task ID pattern), so none can smuggle shell or ref syntax.
 */
public record BatchLayout(Path repoRoot, String projectPath, Path stateDirectory, Path worktreeDirectory,
                          String batchId) {

    public static final String SAVED_REF_ROOT = "refs/orch/saved/";
    public static final String LANE_BRANCH_ROOT = "orch/lanes/";

    public String integrationBranch() {
        return "orch/" + batchId;
    }

    public String laneBranch(int wave, int lane) {
        return LANE_BRANCH_ROOT + batchId + "/w" + wave + "-l" + lane;
    }

    public Path laneWorktree(int wave, int lane) {
        return worktreeDirectory.resolve(batchId).resolve("w" + wave + "-l" + lane);
    }

    public Path mergeWorktree() {
        return worktreeDirectory.resolve(batchId).resolve("merge");
    }

    /** The project folder inside a worktree (the worktree itself when the project is the repository's top). */
    public Path projectIn(Path worktree) {
        return projectPath.isEmpty() ? worktree : worktree.resolve(projectPath);
    }

    public String sessionName(String taskId, int attempt) {
        return sessionPrefix() + taskId + "-a" + attempt;
    }

    public String sessionPrefix() {
        return "orch-" + batchId + "-";
    }

    public Path logsDirectory() {
        return stateDirectory.resolve("logs");
    }

    public Path logFile(String taskId) {
        return logsDirectory().resolve(taskId + ".log");
    }

    /** Parent of every attempt's run directory of this batch: the prefix that marks its processes. */
    public Path batchRunDirectory() {
        return stateDirectory.resolve("run").resolve(batchId);
    }

    public RunFiles runFiles(String taskId, int attempt) {
        return new RunFiles(batchRunDirectory().resolve(taskId).resolve("attempt-" + attempt));
    }

    public String attemptSavedRef(String taskId, int attempt) {
        return SAVED_REF_ROOT + batchId + "/" + taskId + "-attempt-" + attempt;
    }

    public String laneSavedRef(String laneKey) {
        return SAVED_REF_ROOT + batchId + "/lane-" + laneKey;
    }
}
