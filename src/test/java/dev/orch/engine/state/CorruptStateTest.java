package dev.orch.engine.state;

import dev.orch.engine.OrchConfig;
import dev.orch.engine.OrchException;
import dev.orch.engine.commands.ResumeCommand;
import dev.orch.engine.commands.RunCommand;
import dev.orch.engine.commands.StatusCommand;
import dev.orch.testing.TestRepo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A state file that cannot be read stops every goal with the reason and the fix, and is never changed. */
class CorruptStateTest {
    @TempDir
    Path temp;

    static byte[] content(String kind) {
        return switch (kind) {
            case "truncated" -> "{\"schemaVersion\":1,\"phase\":\"executing\",\"batchId\":\"2026".getBytes(StandardCharsets.UTF_8);
            case "garbage" -> "this is not json at all \u00ff\u00fe".getBytes(StandardCharsets.ISO_8859_1);
            case "nul" -> new byte[4096];
            case "wrong-schema" -> "{\"schemaVersion\":99,\"phase\":\"paused\",\"batchId\":\"20260101-000000\"}"
                    .getBytes(StandardCharsets.UTF_8);
            case "empty-object" -> "{}".getBytes(StandardCharsets.UTF_8);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"truncated", "garbage", "nul", "wrong-schema", "empty-object"})
    void everyGoalStopsWithTheReasonAndLeavesTheFileByteIdentical(String kind) throws Exception {
        TestRepo repo = new TestRepo(temp);
        repo.task("core", "CORE-1");
        repo.commitAll("tasks");
        OrchConfig config = repo.config();
        Path file = config.stateDirectory().resolve(StateStore.FILE_NAME);
        Files.createDirectories(file.getParent());
        byte[] bytes = content(kind);
        Files.write(file, bytes);

        List<Runnable> goals = List.of(
                () -> new RunCommand(config, repo.console()).run(),
                () -> new ResumeCommand(config, repo.console()).run(),
                () -> new StatusCommand(config, repo.console()).run());
        for (Runnable goal : goals) {
            OrchException error = assertThrows(OrchException.class, goal::run);
            assertTrue(error.getMessage().contains("batch-state.json"), error.getMessage());
            assertTrue(error.getMessage().contains("unusable"), error.getMessage());
            assertTrue(error.getMessage().contains("Fix:"), error.getMessage());
            assertArrayEquals(bytes, Files.readAllBytes(file), "state file changed by a goal");
        }
        try (var entries = Files.list(file.getParent())) {
            Path copy = entries.filter(p -> p.getFileName().toString().startsWith("batch-state.json.unreadable-"))
                    .findFirst().orElseThrow(() -> new AssertionError("no copy kept beside the state file"));
            assertArrayEquals(bytes, Files.readAllBytes(copy));
        }
        assertTrue(repo.ledgerLines().isEmpty(), "no agent may run");
        assertTrue(Arrays.stream(repo.run("branch", "--list", "orch/*").split("\n")).allMatch(String::isBlank),
                "no batch may start");
    }
}
