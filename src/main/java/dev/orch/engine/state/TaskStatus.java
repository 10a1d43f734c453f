package dev.orch.engine.state;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** Where a task stands within a batch. */
public enum TaskStatus {
    /** Not started yet. */
    PENDING,
    /** An attempt is in flight. */
    RUNNING,
    /** The agent exited 0 and its work and .DONE are committed on the lane branch. */
    SUCCEEDED,
    /** Every attempt failed. */
    FAILED,
    /** Not run: a task it depends on failed, was blocked, or did not land. */
    BLOCKED,
    /** Not run: the batch stopped before it (stop-wave, stop-all, abort). */
    SKIPPED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == BLOCKED || this == SKIPPED;
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static TaskStatus parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
