package dev.orch.engine;

import dev.orch.engine.planning.Strategy;

import java.nio.file.Path;
import java.util.List;

/**
 * Every setting of a batch, already parsed. Built by the Maven layer from its parameters (or by tests directly).
 *
 * @param projectDir        the Maven project's directory (inside a git work tree)
 * @param tasksDirectory    where task folders live
 * @param areas             selected areas; empty = all
 * @param maxLanes          lane budget per wave (>= 1)
 * @param strategy          lane allocation strategy
 * @param agentCommand      shell command line run for each task (user-written, run by /bin/sh -c)
 * @param driver            auto | tmux | process
 * @param maxRetries        retries after a failed attempt
 * @param taskTimeoutMinutes 0 = none
 * @param stallTimeoutMinutes 0 = none
 * @param onTaskFailure     skip-dependents | stop-wave | stop-all
 * @param onMergeFailure    pause | abort
 * @param mergeOrder        fewest-files-first | sequential
 * @param verifyCommand     optional shell command run after each lane merge
 * @param mergeAgentCommand optional shell command run on a merge conflict
 * @param integration       ff | merge | none
 * @param worktreeDirectory where lane worktrees go
 * @param stateDirectory    target/orchestrate
 */
public record OrchConfig(
        Path projectDir,
        Path tasksDirectory,
        List<String> areas,
        int maxLanes,
        Strategy strategy,
        String agentCommand,
        String driver,
        int maxRetries,
        double taskTimeoutMinutes,
        double stallTimeoutMinutes,
        String onTaskFailure,
        String onMergeFailure,
        String mergeOrder,
        String verifyCommand,
        String mergeAgentCommand,
        String integration,
        Path worktreeDirectory,
        Path stateDirectory) {

    /** Defaults as SPEC section 7 gives them, for a project directory. */
    public static OrchConfig defaults(Path projectDir) {
        Path dir = projectDir.toAbsolutePath().normalize();
        return new OrchConfig(dir, dir.resolve("tasks"), List.of(), 3, Strategy.AFFINITY_FIRST, null, "auto",
                1, 0, 30, "skip-dependents", "pause", "fewest-files-first", null, null, "ff",
                dir.resolve(".orch").resolve("worktrees"), dir.resolve("target").resolve("orchestrate"));
    }
}
