package dev.orch.engine.running;

import dev.orch.engine.state.Phase;
import dev.orch.engine.state.TaskStatus;

import java.util.Optional;

/** The pure decisions of {@code orch:resume}: which phases can resume, and what to do with each task. */
public final class ResumeRules {
    private ResumeRules() {
    }

    /** Empty when the phase can resume; otherwise the reason and the next command. */
    public static Optional<String> refusal(Phase phase, String batchId) {
        return switch (phase) {
            case PAUSED, EXECUTING, MERGING -> Optional.empty();
            case PLANNING -> Optional.of("Batch " + batchId + " never started running (it is recorded as planning);"
                    + " clean it up with `mvn orch:abort`, then start again with `mvn orch:run`.");
            case COMPLETED -> Optional.of("Batch " + batchId + " is already completed; there is nothing to resume."
                    + " `mvn orch:run` starts a new batch with whatever is still pending.");
            case FAILED -> Optional.of("Batch " + batchId + " already ended with failed or blocked tasks, so it"
                    + " cannot be resumed. Fix them and run `mvn orch:run`: completed tasks are not run twice.");
            case STOPPED -> Optional.of("Batch " + batchId + " was aborted; there is nothing to resume."
                    + " `mvn orch:run` starts a new batch.");
        };
    }

    /** What resume finds out about one task before deciding. */
    public record TaskFacts(TaskStatus status, boolean attemptInFlight, boolean doneInWorktree, boolean doneOnBranch,
                            boolean sessionAlive, boolean exitRecorded, boolean worktreePresent) {
    }

    public enum Action {
        /** .DONE found: the task is complete (its leftovers and .DONE get committed). */
        COMPLETE,
        /** Its agent is still running, or ended while no orchestrator watched: wait for it / take its exit code. */
        AWAIT,
        /** Already finished: keep the recorded outcome. */
        KEEP,
        /** Interrupted with its worktree present: run it again there, as a new attempt. */
        RERUN,
        /** Never started: it stays pending. */
        PENDING,
        /** None of the above: it cannot continue. */
        FAIL
    }

    public record Decision(Action action, String reason) {
    }

    /** The reconciliation rules, in their order of precedence. */
    public static Decision decide(TaskFacts facts) {
        if (facts.doneInWorktree() || facts.doneOnBranch()) {
            return new Decision(Action.COMPLETE, ".DONE found " + (facts.doneOnBranch() ? "on the lane branch"
                    : "in the lane worktree"));
        }
        if (facts.attemptInFlight() && (facts.sessionAlive() || facts.exitRecorded())) {
            return new Decision(Action.AWAIT, facts.sessionAlive() ? "its agent is still running"
                    : "its agent finished while Orch was not running");
        }
        if (facts.status().finished()) {
            return new Decision(Action.KEEP, "already " + facts.status().label());
        }
        if (facts.status() == TaskStatus.RUNNING && facts.worktreePresent()) {
            return new Decision(Action.RERUN, "interrupted; it runs again in its worktree");
        }
        if (facts.status() == TaskStatus.PENDING) {
            return new Decision(Action.PENDING, "not started yet");
        }
        return new Decision(Action.FAIL, "interrupted and its worktree is gone, so it cannot be continued");
    }
}
