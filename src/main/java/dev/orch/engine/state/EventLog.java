package dev.orch.engine.state;

import dev.orch.engine.OrchFailure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Appends one JSON line per event to {@code events.jsonl}. */
public final class EventLog {
    private final Path file;

    public EventLog(Path stateDirectory) {
        this.file = stateDirectory.resolve("events.jsonl");
    }

    public Path file() {
        return file;
    }

    /** Records an event; {@code fields} are alternating names and values. */
    public synchronized void append(String type, Object... fields) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("ts", Instant.now().toString());
        event.put("type", type);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            if (fields[i + 1] != null) {
                event.put(String.valueOf(fields[i]), fields[i + 1]);
            }
        }
        try {
            Files.createDirectories(file.getParent());
            byte[] line = (Json.compact().writeValueAsString(event) + "\n").getBytes(StandardCharsets.UTF_8);
            Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new OrchFailure("cannot append to " + file + ": " + e.getMessage(), e);
        }
    }
}
