package dev.orch.engine.state;

/**
 * Test hook for the crash matrix: with the system property {@code orch.test.crashAfterSave=N} the JVM halts
 * (like kill -9: no shutdown hooks, no cleanup) right after the N-th state save; with
 * {@code orch.test.crashAt=name} it halts at the named point. Off unless those properties are set.
 */
public final class CrashPoints {
    private static final int CRASH_AFTER_SAVE = Integer.getInteger("orch.test.crashAfterSave", 0);
    private static final String CRASH_AT = System.getProperty("orch.test.crashAt", "");
    private static final java.util.concurrent.atomic.AtomicInteger SAVES = new java.util.concurrent.atomic.AtomicInteger();

    private CrashPoints() {
    }

    /** How many state saves this JVM made (tests use it to pick crash points). */
    public static int saves() {
        return SAVES.get();
    }

    static void afterSave() {
        if (SAVES.incrementAndGet() == CRASH_AFTER_SAVE) {
            halt("after save " + CRASH_AFTER_SAVE);
        }
    }

    /** A named point outside state saves, e.g. in the middle of a merge. */
    public static void at(String name) {
        if (!CRASH_AT.isEmpty() && CRASH_AT.equals(name)) {
            halt("at " + name);
        }
    }

    private static void halt(String where) {
        System.err.println("orch test crash " + where);
        System.err.flush();
        Runtime.getRuntime().halt(137);
    }
}
