package dev.orch.engine;

/** Something broke that the user did not cause (I/O, git missing, a bug). */
public class OrchFailure extends RuntimeException {
    public OrchFailure(String message) {
        super(message);
    }

    public OrchFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
