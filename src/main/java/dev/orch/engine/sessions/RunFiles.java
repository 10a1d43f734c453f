package dev.orch.engine.sessions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The files one attempt's wrapper writes: {@code pid} when it starts and {@code exit} (renamed into place, so it is
 * complete or absent) when the agent ends. They live on disk, so a restarted orchestrator can read them.
 */
public record RunFiles(Path dir) {
    public Path pidFile() {
        return dir.resolve("pid");
    }

    public Path exitFile() {
        return dir.resolve("exit");
    }

    public Path usageFile() {
        return dir.resolve("usage.json");
    }

    public OptionalInt readExit() {
        return readNumber(exitFile()).stream().mapToInt(v -> (int) v).findFirst();
    }

    private static OptionalLong readNumber(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
