package dev.orch.engine;

/** Where the engine prints progress; the Maven layer adapts this to its Log. */
public interface Console {
    void info(String line);

    void warn(String line);

    void error(String line);

    /**
     * A live status line that a terminal rewrites in place (done/total, running lanes, elapsed time). The default
     * prints nothing: CI logs and batch-mode builds get the plain event lines only. An empty line clears it.
     */
    default void progress(String line) {
    }

    /** Whether {@link #progress(String)} shows anything (so the runner computes progress lines only then). */
    default boolean showsProgress() {
        return false;
    }

    /** A console that prints to System.out / System.err (CLI, tests). */
    static Console system() {
        return new Console() {
            @Override public void info(String line) { System.out.println(line); }
            @Override public void warn(String line) { System.out.println("WARNING: " + line); }
            @Override public void error(String line) { System.err.println("ERROR: " + line); }
        };
    }
}
