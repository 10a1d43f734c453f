package dev.orch.engine.reports;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orch.engine.Console;
import dev.orch.engine.state.BatchState;
import dev.orch.engine.state.Json;
import dev.orch.engine.state.MergeRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The throttled background writer a running batch uses, and the figures for its overhead (printed). */
class LiveReportsTest {
    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();
    private final Console console = new Console() {
        @Override public void info(String line) { }
        @Override public void warn(String line) { warnings.add(line); }
        @Override public void error(String line) { }
    };

    @Test
    void aBurstOfChangesCostsFewWritesAndTheLastStateWins() throws Exception {
        BatchState state = SyntheticStates.batch(2, 2, 2);
        long interval = 300;
        LiveReports live = new LiveReports(state, dir, console, interval);
        long started = System.currentTimeMillis();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 250; i++) {
                    live.changed();
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        synchronized (state) {
            MergeRecord merge = new MergeRecord();
            merge.wave = 2;
            merge.lane = 1;
            merge.status = "merged";
            merge.branch = "last-change";
            state.mergeResults.add(merge);
        }
        live.changed();
        Thread.sleep(interval * 3);
        long elapsed = System.currentTimeMillis() - started;
        long writes = live.writes();
        assertTrue(writes >= 1, "written at all");
        assertTrue(writes <= 1 + elapsed / interval + 1, writes + " writes in " + elapsed + " ms");
        JsonNode summary = Json.mapper().readTree(Reports.summaryFile(dir).toFile());
        assertEquals("last-change", summary.path("merges").get(summary.path("merges").size() - 1)
                .path("branch").asText(), "the trailing change was written without another event");
        live.close();
        long afterClose = live.writes();
        live.changed();
        Thread.sleep(interval + 100);
        assertEquals(afterClose, live.writes(), "nothing is written after close");
        assertEquals(List.of(), warnings);
    }

    @Test
    void closeWritesWhatIsStillStaleAndWriteNowIsSynchronous() throws Exception {
        BatchState state = SyntheticStates.batch(1, 1, 1);
        LiveReports live = new LiveReports(state, dir, console, 60_000);
        live.writeNow();
        assertTrue(Files.exists(Reports.htmlFile(dir)));
        assertEquals(1, live.writes());
        live.changed();
        live.close();
        assertEquals(2, live.writes(), "the stale change is written on close, not an interval later");
    }

    @Test
    void aFailingWriteWarnsOnceAndNeverThrows() throws Exception {
        Path notADirectory = dir.resolve("file");
        Files.writeString(notADirectory, "x");
        LiveReports live = new LiveReports(SyntheticStates.batch(1, 1, 1), notADirectory, console, 10);
        for (int i = 0; i < 5; i++) {
            live.writeNow();
        }
        live.close();
        assertEquals(3, warnings.size(), "one warning per report, not one per write: " + warnings);
    }

    /** Not a timed test: prints what report writing costs, for the overhead budget. */
    @Test
    void overheadFigures() throws Exception {
        for (int[] shape : new int[][] {{3, 3, 1}, {5, 3, 4}, {10, 5, 4}}) {
            BatchState state = SyntheticStates.batch(shape[0], shape[1], shape[2]);
            for (int i = 0; i < 30; i++) {
                Reports.write(state, dir);
            }
            int runs = 20;
            long start = System.nanoTime();
            for (int i = 0; i < runs; i++) {
                assertEquals(List.of(), Reports.write(state, dir));
            }
            double millis = (System.nanoTime() - start) / 1e6 / runs;
            System.out.printf(Locale.ROOT, "reports: %d tasks, %d attempts: %.2f ms per write (html %d KB)%n",
                    state.tasks.size(), state.tasks.values().stream().mapToInt(t -> t.attemptCount()).sum(), millis,
                    Files.size(Reports.htmlFile(dir)) / 1024);
        }
        BatchState state = SyntheticStates.batch(3, 3, 1);
        LiveReports live = new LiveReports(state, dir, console, 1000);
        live.writeNow();
        int calls = 100_000;
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            live.changed();
        }
        double nanos = (System.nanoTime() - start) / (double) calls;
        live.close();
        System.out.printf(Locale.ROOT, "reports: changed() costs %.0f ns on the calling thread; %d writes for %d"
                + " changes%n", nanos, live.writes(), calls);
        assertFalse(live.writes() > 3, "a burst is throttled: " + live.writes());
    }
}
