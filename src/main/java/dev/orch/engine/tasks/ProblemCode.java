package dev.orch.engine.tasks;

/** Every kind of backlog problem Orch reports. Labels are stable: users grep for them. */
public enum ProblemCode {
    TASKS_DIR_MISSING("ORCH-E001"),
    UNKNOWN_AREA("ORCH-E002"),
    PROMPT_UNREADABLE("ORCH-E003"),
    PROMPT_NO_ID("ORCH-E004"),
    PROMPT_BAD_ID("ORCH-E005"),
    DUPLICATE_ID("ORCH-E006"),
    UNKNOWN_DEPENDENCY("ORCH-E007"),
    AMBIGUOUS_DEPENDENCY("ORCH-E008"),
    SELF_DEPENDENCY("ORCH-E009"),
    CYCLE("ORCH-E010"),
    DEPENDENCY_OUTSIDE_AREAS("ORCH-E011");

    private final String label;

    ProblemCode(String label) {
        this.label = label;
    }

    public String label() {
        return label + " " + name();
    }
}
