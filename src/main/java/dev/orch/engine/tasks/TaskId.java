package dev.orch.engine.tasks;

import java.util.regex.Pattern;

/**
 * A validated task ID such as {@code AUTH-001}. Only IDs that match {@link #PATTERN} exist, so an ID is always
 * safe to use in a branch, session or file name.
 */
public record TaskId(String value) implements Comparable<TaskId> {
    public static final Pattern PATTERN = Pattern.compile("[A-Z][A-Z0-9]*-[0-9]+");

    public TaskId {
        if (value == null || !PATTERN.matcher(value).matches()) {
            throw new IllegalArgumentException("not a task ID (expected like AUTH-001): " + value);
        }
    }

    public static boolean isValid(String candidate) {
        return candidate != null && PATTERN.matcher(candidate).matches();
    }

    @Override
    public int compareTo(TaskId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
