package dev.orch.engine;

/** Where the engine prints progress; the Maven layer adapts this to its Log. */
public interface Console {
    void info(String line);

    void warn(String line);

    void error(String line);

    /** A console that prints to System.out / System.err (CLI, tests). */
    static Console system() {
        return new Console() {
            @Override public void info(String line) { System.out.println(line); }
            @Override public void warn(String line) { System.out.println("WARNING: " + line); }
            @Override public void error(String line) { System.err.println("ERROR: " + line); }
        };
    }
}
