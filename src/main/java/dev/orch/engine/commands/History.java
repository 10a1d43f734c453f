package dev.orch.engine.commands;

import dev.orch.engine.OrchFailure;
import dev.orch.engine.state.BatchState;
import dev.orch.engine.state.StateStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Set;

/** Finished batches: moved to {@code history/<batchId>/} when a new batch starts, so their records stay. */
final class History {
    private History() {
    }

    static Path directory(Path stateDirectory) {
        return stateDirectory.resolve("history");
    }

    static Set<String> finishedBatchIds(Path stateDirectory, BatchState current) {
        Set<String> ids = new HashSet<>();
        if (current != null && !current.phase.active()) {
            ids.add(current.batchId);
        }
        Path history = directory(stateDirectory);
        if (Files.isDirectory(history)) {
            try (var entries = Files.list(history)) {
                entries.forEach(entry -> ids.add(entry.getFileName().toString()));
            } catch (IOException ignored) {
                // without history, kept branches count as leftovers: safe, only more conservative
            }
        }
        return ids;
    }

    static void archive(Path stateDirectory, BatchState finished) {
        if (finished == null) {
            return;
        }
        Path target = directory(stateDirectory).resolve(finished.batchId);
        try {
            Files.createDirectories(target);
            move(stateDirectory.resolve(StateStore.FILE_NAME), target);
            move(stateDirectory.resolve("events.jsonl"), target);
        } catch (IOException e) {
            throw new OrchFailure("cannot archive batch " + finished.batchId + " into " + target + ": "
                    + e.getMessage(), e);
        }
    }

    private static void move(Path file, Path directory) throws IOException {
        if (Files.exists(file)) {
            Files.move(file, directory.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
