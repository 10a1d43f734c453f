package dev.orch.engine.running;

import dev.orch.engine.Console;
import dev.orch.engine.reports.LiveReports;
import dev.orch.engine.state.BatchState;
import dev.orch.engine.state.EventLog;
import dev.orch.engine.state.StateStore;

import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The only way the running batch changes its state: each change happens under the state's monitor and is saved
 * atomically and durably before the caller goes on to act on it, then logged as an event.
 */
public final class BatchRecorder {
    private final BatchState state;
    private final StateStore store;
    private final EventLog events;
    private final Console console;
    private final LiveReports reports;

    public BatchRecorder(BatchState state, StateStore store, EventLog events, Console console) {
        this.state = state;
        this.store = store;
        this.events = events;
        this.console = console;
        this.reports = new LiveReports(state, store.stateDirectory(), console);
    }

    /** Applies the change and returns once it is durable (the fsync happens outside the state's monitor). */
    public void update(Consumer<BatchState> change) {
        long version;
        synchronized (state) {
            change.accept(state);
            version = store.snapshot(state);
        }
        store.awaitDurable(version);
    }

    public <T> T read(Function<BatchState, T> query) {
        synchronized (state) {
            return query.apply(state);
        }
    }

    public void event(String type, Object... fields) {
        events.append(type, fields);
        reports.changed();
    }

    /** The batch's reports, rewritten in the background (at most once a second) after every event. */
    public LiveReports reports() {
        return reports;
    }

    public Console console() {
        return console;
    }

    /** The live state object; callers must hold its monitor while reading mutable parts. */
    public BatchState state() {
        return state;
    }
}
