package dev.orch.engine;

/**
 * Something the user can fix (bad task, cycle, conflict, failed task, refused precondition).
 * The message is one line that says what is wrong and what to do next.
 */
public class OrchException extends RuntimeException {
    public OrchException(String message) {
        super(message);
    }

    public OrchException(String message, Throwable cause) {
        super(message, cause);
    }
}
