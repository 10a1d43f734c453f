package dev.orch.engine.reports;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orch.engine.state.AttemptRecord;
import dev.orch.engine.state.BatchState;
import dev.orch.engine.state.Json;
import dev.orch.engine.state.TaskRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * What every report is made from: a private copy of the batch state (taken under the state's lock, so a running
 * batch can keep changing its own), the state directory, the moment of the snapshot and the events file's lines.
 */
final class ReportInput {
    /** One line of events.jsonl the reports use. */
    record Event(Instant ts, String type, int wave, int lane, String task, String reason) {
    }

    final BatchState state;
    final Path stateDirectory;
    final Instant now;
    final List<Event> events;

    private ReportInput(BatchState state, Path stateDirectory, Instant now, List<Event> events) {
        this.state = state;
        this.stateDirectory = stateDirectory;
        this.now = now;
        this.events = events;
    }

    static ReportInput of(BatchState live, Path stateDirectory) throws IOException {
        BatchState copy;
        synchronized (live) {
            copy = Json.mapper().readValue(Json.mapper().writeValueAsBytes(live), BatchState.class);
        }
        copy.recount();
        return new ReportInput(copy, stateDirectory, Instant.now(), readEvents(stateDirectory.resolve("events.jsonl"),
                copy.batchId));
    }

    /** This batch's events (from its batch.started on; an archived earlier batch's lines are left out). */
    static List<Event> readEvents(Path file, String batchId) {
        List<Event> events = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return events;
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                try {
                    JsonNode node = Json.mapper().readTree(line);
                    String type = node.path("type").asText("");
                    if ("batch.started".equals(type) && batchId != null
                            && !batchId.equals(node.path("batchId").asText(batchId))) {
                        events.clear();
                        continue;
                    }
                    if ("batch.started".equals(type)) {
                        events.clear();
                    }
                    events.add(new Event(Instant.parse(node.path("ts").asText()), type, node.path("wave").asInt(0),
                            node.path("lane").asInt(0), node.path("task").asText(null),
                            node.path("reason").asText(null)));
                } catch (IOException | RuntimeException badLine) {
                    // a torn or foreign line: the reports do without it
                }
            }
        } catch (IOException | RuntimeException e) {
            return events;
        }
        return events;
    }

    /** The task's log relative to the state directory ("logs/ID.log"), or null when it has none. */
    String logLink(String taskId) {
        Path log = logFile(taskId);
        return Files.isRegularFile(log) ? "logs/" + taskId + ".log" : null;
    }

    Path logFile(String taskId) {
        return stateDirectory.resolve("logs").resolve(taskId + ".log");
    }

    static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** When an attempt ended, or the snapshot time while it runs. */
    Instant attemptEnd(AttemptRecord attempt) {
        Instant end = instant(attempt.endedAt);
        if (end == null) {
            end = instant(attempt.exitedAt);
        }
        return end != null ? end : now;
    }

    Duration attemptDuration(AttemptRecord attempt) {
        Instant start = instant(attempt.startedAt);
        return start == null ? null : nonNegative(Duration.between(start, attemptEnd(attempt)));
    }

    /** From the first attempt's start to the task's end (or now while it runs); null when it never started. */
    Duration taskDuration(TaskRecord task) {
        Instant start = instant(task.startedAt);
        if (start == null) {
            return null;
        }
        Instant end = instant(task.endedAt);
        if (end == null) {
            end = task.status.finished() ? lastAttemptEnd(task, start) : now;
        }
        return nonNegative(Duration.between(start, end));
    }

    private Instant lastAttemptEnd(TaskRecord task, Instant fallback) {
        AttemptRecord last = task.lastAttempt();
        return last == null ? fallback : attemptEnd(last);
    }

    Instant batchStart() {
        Instant start = instant(state.startedAt);
        if (start != null) {
            return start;
        }
        Instant earliest = now;
        for (TaskRecord task : state.tasks.values()) {
            for (AttemptRecord attempt : task.attempts) {
                Instant at = instant(attempt.startedAt);
                if (at != null && at.isBefore(earliest)) {
                    earliest = at;
                }
            }
        }
        return earliest;
    }

    Instant batchEnd() {
        Instant end = instant(state.endedAt);
        if (end != null) {
            return end;
        }
        if (!state.phase.active() || state.phase == dev.orch.engine.state.Phase.PAUSED) {
            Instant updated = instant(state.updatedAt);
            if (updated != null) {
                return updated;
            }
        }
        return now;
    }

    Duration batchDuration() {
        return nonNegative(Duration.between(batchStart(), batchEnd()));
    }

    private static Duration nonNegative(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }

    static String format(Duration duration) {
        if (duration == null) {
            return "-";
        }
        long millis = duration.toMillis();
        if (millis < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return seconds / 60 + "m" + String.format(java.util.Locale.ROOT, "%02d", seconds % 60) + "s";
        }
        return seconds / 3600 + "h" + String.format(java.util.Locale.ROOT, "%02d", (seconds % 3600) / 60) + "m";
    }

    static double seconds(Duration duration) {
        return duration == null ? 0 : duration.toMillis() / 1000.0;
    }
}
