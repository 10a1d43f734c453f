package dev.orch.engine.tasks;

import dev.orch.engine.OrchException;

/**
 * A PROMPT.md that does not yield a task ID. Carries the problem code and a fix sentence so discovery can turn it
 * into a {@link Problem} for the file without knowing the parser's rules.
 */
public class PromptParseException extends OrchException {
    private final ProblemCode code;
    private final String fix;

    public PromptParseException(ProblemCode code, String message, String fix) {
        super(message);
        this.code = code;
        this.fix = fix;
    }

    public ProblemCode code() {
        return code;
    }

    public String fix() {
        return fix;
    }

    /** The problem this error is, reported against {@code promptFile}. */
    public Problem toProblem(java.nio.file.Path promptFile) {
        return new Problem(code, promptFile, getMessage(), fix);
    }
}
