package dev.orch.engine.state;

import java.util.ArrayList;
import java.util.List;

/** A task as the batch records it. Mutable; guarded by the state's lock. */
public class TaskRecord {
    public String id;
    public String name;
    public String area;
    /** The task folder, relative to the repository's top level (the same inside every worktree). */
    public String folder;
    public String size;
    public String model;
    public List<String> dependencies = new ArrayList<>();
    public int wave;
    public int lane;
    public TaskStatus status = TaskStatus.PENDING;
    /** SHA-256 of PROMPT.md when the batch started: resume reports prompts changed since. */
    public String promptHash;
    public String startedAt;
    public String endedAt;
    /** One-line reason for failed, blocked or skipped. */
    public String exitReason;
    /** The lane branch commit that holds the task's finished work (its .DONE commit). */
    public String doneCommit;
    public List<AttemptRecord> attempts = new ArrayList<>();

    public int attemptCount() {
        return attempts.size();
    }

    public AttemptRecord lastAttempt() {
        return attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
    }
}
