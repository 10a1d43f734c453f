package dev.orch.engine.reports;

import dev.orch.engine.Console;
import dev.orch.engine.state.BatchState;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps a running batch's reports current without slowing it: {@link #changed()} only marks the reports stale and
 * schedules one background write, at most one per interval (a burst of events costs one write). Writes are
 * serialized, and each takes its snapshot when it starts, so a later write never holds an older state.
 */
public final class LiveReports implements AutoCloseable {
    public static final long DEFAULT_INTERVAL_MILLIS = 1000;

    private final BatchState state;
    private final Path stateDirectory;
    private final Console console;
    private final long intervalMillis;
    private final Object writeLock = new Object();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final AtomicLong lastWriteMillis = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong writeNanos = new AtomicLong();
    private final Set<String> warned = new HashSet<>();
    private final ScheduledThreadPoolExecutor executor;
    private volatile boolean closed;

    public LiveReports(BatchState state, Path stateDirectory, Console console) {
        this(state, stateDirectory, console, DEFAULT_INTERVAL_MILLIS);
    }

    public LiveReports(BatchState state, Path stateDirectory, Console console, long intervalMillis) {
        this.state = state;
        this.stateDirectory = stateDirectory;
        this.console = console;
        this.intervalMillis = intervalMillis;
        this.executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "orch-reports");
            thread.setDaemon(true);
            return thread;
        });
        executor.setKeepAliveTime(5, TimeUnit.SECONDS);
        executor.allowCoreThreadTimeOut(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Something changed: the reports get written within the interval, on a background thread. Cheap. */
    public void changed() {
        dirty.set(true);
        if (closed || !scheduled.compareAndSet(false, true)) {
            return;
        }
        long wait = Math.max(0, lastWriteMillis.get() + intervalMillis - System.currentTimeMillis());
        try {
            executor.schedule(this::background, wait, TimeUnit.MILLISECONDS);
        } catch (RuntimeException rejected) {
            scheduled.set(false);
        }
    }

    /** Writes the reports now, on the calling thread (end of a run, pause). Never throws. */
    public void writeNow() {
        write();
    }

    /** Writes what is still stale and stops the background thread. */
    @Override
    public void close() {
        closed = true;
        executor.shutdown();
        try {
            // Let a write in flight finish, so no half-written temp file is left when the JVM exits.
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (dirty.get()) {
            write();
        }
        if (Boolean.getBoolean("orch.reports.stats")) {
            // For measuring the overhead budget: -Dorch.reports.stats=true
            console.info(String.format(java.util.Locale.ROOT, "[orch] reports: %d writes, %.1f ms in total",
                    writes.get(), writeNanos.get() / 1e6));
        }
    }

    /** How many writes happened and how long they took in total (for measuring the overhead). */
    public long writes() {
        return writes.get();
    }

    public long writeNanos() {
        return writeNanos.get();
    }

    private void background() {
        scheduled.set(false);
        if (!closed) {
            write();
        }
    }

    private void write() {
        synchronized (writeLock) {
            long started = System.nanoTime();
            lastWriteMillis.set(System.currentTimeMillis());
            dirty.set(false);
            List<String> warnings = Reports.write(state, stateDirectory);
            writeNanos.addAndGet(System.nanoTime() - started);
            writes.incrementAndGet();
            for (String warning : warnings) {
                // The same problem every second would drown the log: say it once.
                if (warned.add(warning.replaceAll("\\S*\\.tmp-\\S*", ""))) {
                    try {
                        console.warn("[orch] " + warning);
                    } catch (RuntimeException ignored) {
                        // a report never breaks the batch
                    }
                }
            }
        }
    }
}
