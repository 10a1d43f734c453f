package dev.orch.engine.running;

/** How one attempt ended, as far as the monitor could see. */
public record AttemptOutcome(Kind kind, Integer exitCode, String reason, long exitFileMillis) {
    public enum Kind {
        /** The agent exited (any code); exitCode says how. */
        EXITED,
        /** taskTimeout passed; the process group was stopped. */
        TIMEOUT,
        /** stallTimeout passed with no output and no worktree change; the process group was stopped. */
        STALLED,
        /** The batch is pausing or aborting; the agent was left running (tmux) for resume or abort. */
        DETACHED,
        /** The agent was stopped because the batch is stopping (process driver pause, stop-all). */
        STOPPED,
        /** The agent could not be started. */
        SPAWN_FAILED,
        /** The agent's processes vanished without writing an exit code. */
        LOST
    }

    public boolean succeeded() {
        return kind == Kind.EXITED && exitCode != null && exitCode == 0;
    }

    public String label() {
        return switch (kind) {
            case EXITED -> succeeded() ? "succeeded" : "failed";
            case TIMEOUT -> "timeout";
            case STALLED -> "stalled";
            case DETACHED -> "running";
            case STOPPED -> "interrupted";
            case SPAWN_FAILED -> "spawn-failed";
            case LOST -> "lost";
        };
    }
}
