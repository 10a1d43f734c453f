package dev.orch.engine.util;

/** The outcome of a finished subprocess. */
public record ProcessResult(int exitCode, String stdout, String stderr, boolean timedOut) {
    public boolean ok() {
        return exitCode == 0 && !timedOut;
    }

    /** stderr, or stdout when stderr is empty: what to show a user when a command failed. */
    public String diagnostic() {
        String text = stderr.isBlank() ? stdout : stderr;
        return text.strip();
    }
}
