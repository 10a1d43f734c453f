package dev.orch.engine.state;

/** One run of the agent for a task. Mutable: filled in as the attempt goes; guarded by the state's lock. */
public class AttemptRecord {
    /** 1-based. */
    public int number;
    /** tmux session name, or process-driver name. */
    public String session;
    /** The lane branch head the attempt started from (where a retry restarts). */
    public String startCommit;
    public String startedAt;
    /** When the wrapper wrote the exit code (file time). */
    public String exitedAt;
    /** When Orch recorded the outcome. */
    public String endedAt;
    public Integer exitCode;
    /** succeeded | failed | timeout | stalled | interrupted | spawn-failed | running */
    public String outcome;
    /** One-line reason for a failure. */
    public String reason;
    /** Where a failed attempt's work is kept (refs/orch/saved/...). */
    public String savedRef;
    /** Usage the agent reported through ORCH_USAGE_FILE, if any. */
    public Usage usage;
}
