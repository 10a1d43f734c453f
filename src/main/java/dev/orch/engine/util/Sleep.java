package dev.orch.engine.util;

/** Poll-loop pauses: an interrupt ends the pause early and stays set, so the loop's own checks see it. */
public final class Sleep {
    private Sleep() {
    }

    public static void millis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
