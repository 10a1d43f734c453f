package dev.orch.engine.running;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orch.engine.state.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SPEC section 5: what a finished batch leaves under target/orchestrate, read as files (not through Orch). */
class StateFilesTest extends RunTestSupport {

    @ParameterizedTest
    @ValueSource(strings = {"tmux", "process"})
    void stateEventsAndLogsDescribeTheBatch(String driver) throws Exception {
        repo.task("core", "A-1").behave("A-1", "fail"); // fails twice (maxRetries 1)
        repo.task("core", "B-1", "A-1").task("web", "C-1");
        repo.commitAll("tasks");

        BatchOutcome outcome = repo.run(repo.config(c -> c.driver = driver));

        Path dir = repo.stateDirectory();
        JsonNode state = Json.mapper().readTree(dir.resolve("batch-state.json").toFile());
        for (String field : List.of("schemaVersion", "phase", "batchId", "baseBranch", "integrationBranch",
                "wavePlan", "lanes", "tasks", "mergeResults", "counters", "errors")) {
            assertTrue(state.has(field), field + " missing in batch-state.json");
        }
        assertEquals("failed", state.path("phase").asText());
        assertEquals(outcome.batchId(), state.path("batchId").asText());
        assertEquals("main", state.path("baseBranch").asText());
        assertEquals("orch/" + outcome.batchId(), state.path("integrationBranch").asText());
        JsonNode a1 = state.path("tasks").path("A-1");
        assertEquals("failed", a1.path("status").asText());
        assertEquals(2, a1.path("attempts").size());
        assertTrue(a1.path("exitReason").asText().contains("exited with code 1"), a1.toString());
        assertTrue(a1.has("startedAt") && a1.has("endedAt") && a1.has("lane"), a1.toString());
        assertTrue(a1.path("attempts").get(0).path("session").asText().contains("A-1"), a1.toString());
        assertEquals("blocked", state.path("tasks").path("B-1").path("status").asText());
        assertEquals("succeeded", state.path("tasks").path("C-1").path("status").asText());
        assertEquals(1, state.path("counters").path("failed").asInt());
        assertEquals(1, state.path("counters").path("blocked").asInt());
        assertEquals(1, state.path("counters").path("succeeded").asInt());

        Set<String> types = new TreeSet<>();
        for (String line : Files.readAllLines(dir.resolve("events.jsonl"))) {
            JsonNode event = Json.mapper().readTree(line);
            assertTrue(event.has("ts") && event.has("type"), line);
            types.add(event.path("type").asText());
        }
        for (String type : List.of("batch.started", "wave.started", "task.started", "task.attempt-failed",
                "task.failed", "task.succeeded", "task.blocked", "merge.merged", "merge.not-merged",
                "batch.finished")) {
            assertTrue(types.contains(type), type + " not among " + types);
        }

        String log = Files.readString(dir.resolve("logs/A-1.log"));
        assertTrue(log.contains("A-1 attempt 1 started") && log.contains("A-1 attempt 2 started"), log);
        assertEquals(2, log.split("failing A-1", -1).length - 1, "each attempt's output, appended: " + log);
        assertTrue(Files.readString(dir.resolve("logs/C-1.log")).contains("did C-1"));
        assertTrue(Files.exists(dir.resolve("plan.json")));
        assertTrue(lockReleased(dir), "orch.lock is released when the run ends");
    }

    /** The lock file may stay on disk; what matters is that it is not held (another run can take it). */
    private static boolean lockReleased(Path dir) {
        try (dev.orch.engine.state.ProjectLock lock = dev.orch.engine.state.ProjectLock.acquire(dir, "test")) {
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
