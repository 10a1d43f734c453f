package dev.orch.engine.running;

import dev.orch.engine.Console;
import dev.orch.engine.state.BatchState;
import dev.orch.engine.state.LaneRecord;
import dev.orch.engine.state.TaskRecord;
import dev.orch.engine.state.TaskStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Feeds the console's live progress line twice a second while a batch runs: done/total, the running lanes and
 * their tasks, elapsed time. Does nothing (no thread) when the console shows no progress (CI, batch mode).
 */
final class ProgressLine implements AutoCloseable {
    static final long PERIOD_MILLIS = 500;

    private final Console console;
    private final ScheduledExecutorService timer;

    private ProgressLine(Console console, ScheduledExecutorService timer) {
        this.console = console;
        this.timer = timer;
    }

    static ProgressLine start(BatchState state, Console console) {
        if (!console.showsProgress()) {
            return new ProgressLine(console, null);
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "orch-progress");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleAtFixedRate(() -> {
            try {
                String line;
                synchronized (state) {
                    line = line(state, Instant.now());
                }
                console.progress(line);
            } catch (RuntimeException ignored) {
                // progress is a nicety; never let it disturb the batch
            }
        }, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return new ProgressLine(console, timer);
    }

    /** The line for a state at a moment, e.g. {@code [orch] 3/8 done, 1 failed | w2 l1 CORE-3, w2 l2 WEB-2 | 1m05s}. */
    static String line(BatchState state, Instant now) {
        int done = 0;
        int failed = 0;
        for (TaskRecord task : state.tasks.values()) {
            if (task.status.finished()) {
                done++;
            }
            if (task.status == TaskStatus.FAILED || task.status == TaskStatus.BLOCKED) {
                failed++;
            }
        }
        List<String> running = new ArrayList<>();
        for (LaneRecord lane : state.lanes.values()) {
            for (String id : lane.tasks) {
                TaskRecord task = state.tasks.get(id);
                if (task != null && task.status == TaskStatus.RUNNING) {
                    running.add("w" + lane.wave + " l" + lane.number + " " + id
                            + (task.attemptCount() > 1 ? " #" + task.attemptCount() : ""));
                }
            }
        }
        StringBuilder line = new StringBuilder("[orch] ").append(done).append('/').append(state.tasks.size())
                .append(" done");
        if (failed > 0) {
            line.append(", ").append(failed).append(" failed or blocked");
        }
        line.append(" | ").append(running.isEmpty() ? state.phase.label() : "running " + String.join(", ", running));
        if (state.startedAt != null) {
            line.append(" | ").append(Clock.format(Duration.between(Instant.parse(state.startedAt), now)));
        }
        return line.toString();
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            console.progress("");
        }
    }
}
