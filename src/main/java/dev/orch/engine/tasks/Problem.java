package dev.orch.engine.tasks;

import java.nio.file.Path;

/**
 * One validation problem: a code, the file it is about, what is wrong and how to fix it.
 * Rendered as one line: {@code ORCH-DEP-UNKNOWN tasks/auth/AUTH-002/PROMPT.md: depends on AUTH-099, which does not exist. Fix: ...}
 */
public record Problem(ProblemCode code, Path file, String message, String fix) {

    public String render(Path relativeTo) {
        String where = file == null ? "" : " " + display(file, relativeTo) + ":";
        return code.label() + where + " " + message + " Fix: " + fix;
    }

    private static String display(Path file, Path relativeTo) {
        if (relativeTo != null && file.isAbsolute() && file.startsWith(relativeTo)) {
            return relativeTo.relativize(file).toString();
        }
        return file.toString();
    }
}
