package dev.orch.engine.running;

import dev.orch.engine.Console;
import dev.orch.engine.commands.RunCommand;
import dev.orch.engine.state.AttemptRecord;
import dev.orch.engine.state.BatchState;
import dev.orch.engine.state.LaneRecord;
import dev.orch.engine.state.Phase;
import dev.orch.engine.state.TaskRecord;
import dev.orch.engine.state.TaskStatus;
import dev.orch.testing.TestRepo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressLineTest {
    @TempDir
    Path temp;

    @Test
    void lineShowsDoneTotalRunningLanesAndElapsed() {
        BatchState state = new BatchState();
        state.phase = Phase.EXECUTING;
        state.startedAt = "2026-11-21T08:00:00Z";
        for (int lane = 1; lane <= 3; lane++) {
            LaneRecord record = new LaneRecord();
            record.wave = 2;
            record.number = lane;
            TaskRecord task = new TaskRecord();
            task.id = "T-" + lane;
            task.status = lane == 1 ? TaskStatus.SUCCEEDED : lane == 2 ? TaskStatus.RUNNING : TaskStatus.FAILED;
            if (lane == 2) {
                task.attempts.add(new AttemptRecord());
                task.attempts.add(new AttemptRecord());
            }
            record.tasks.add(task.id);
            state.tasks.put(task.id, task);
            state.lanes.put(record.key(), record);
        }
        assertEquals("[orch] 2/3 done, 1 failed or blocked | running w2 l2 T-2 #2 | 1m05s",
                ProgressLine.line(state, Instant.parse("2026-11-21T08:01:05Z")));
    }

    @Test
    void aConsoleWithoutProgressGetsNoThreadAndNoLines() {
        List<String> lines = new ArrayList<>();
        Console plain = new Console() {
            @Override public void info(String line) { }
            @Override public void warn(String line) { }
            @Override public void error(String line) { }
            @Override public void progress(String line) { lines.add(line); }
        };
        ProgressLine progress = ProgressLine.start(new BatchState(), plain);
        progress.close();
        assertEquals(List.of(), lines);
    }

    @Test
    void aTerminalConsoleGetsProgressDuringARunAndACleanLineAtTheEnd() throws Exception {
        TestRepo repo = new TestRepo(temp);
        repo.task("core", "CORE-1").task("web", "WEB-1");
        repo.commitAll("tasks");
        repo.behave("CORE-1", "sleep:1.5").behave("WEB-1", "sleep:1.5");
        List<String> progress = Collections.synchronizedList(new ArrayList<>());
        Console base = repo.console();
        Console terminal = new Console() {
            @Override public void info(String line) { base.info(line); }
            @Override public void warn(String line) { base.warn(line); }
            @Override public void error(String line) { base.error(line); }
            @Override public boolean showsProgress() { return true; }
            @Override public void progress(String line) { progress.add(line); }
        };
        new RunCommand(repo.config(), terminal).run();
        assertFalse(progress.isEmpty());
        assertTrue(progress.stream().anyMatch(l -> l.matches("\\[orch] 0/2 done \\| running .*CORE-1.*")),
                progress.toString());
        assertEquals("", progress.get(progress.size() - 1), "the line is cleared when the batch ends");
        assertTrue(progress.size() < 40, "a few per second, not more: " + progress.size());
    }
}
