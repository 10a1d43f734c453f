package dev.orch.engine.running;

import java.time.Duration;
import java.time.Instant;

/** Time helpers for records and console lines. */
final class Clock {
    private Clock() {
    }

    static String now() {
        return Instant.now().toString();
    }

    static String duration(String startedAt, String endedAt) {
        if (startedAt == null || endedAt == null) {
            return "-";
        }
        return format(Duration.between(Instant.parse(startedAt), Instant.parse(endedAt)));
    }

    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long seconds = millis / 1000;
        return seconds / 60 + "m" + String.format(java.util.Locale.ROOT, "%02d", seconds % 60) + "s";
    }
}
