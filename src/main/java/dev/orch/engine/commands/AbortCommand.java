package dev.orch.engine.commands;

import dev.orch.engine.Console;
import dev.orch.engine.OrchConfig;
import dev.orch.engine.OrchException;
import dev.orch.engine.OrchFailure;
import dev.orch.engine.running.Aborter;
import dev.orch.engine.running.StopSignal;
import dev.orch.engine.state.BatchState;
import dev.orch.engine.state.EventLog;
import dev.orch.engine.state.ProjectLock;
import dev.orch.engine.state.StateStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code orch:abort}: stops the recorded batch (and a run or resume still going on it), saves uncommitted work to
 * refs, removes the batch's sessions, worktrees and branches, and records it as stopped. Idempotent; works when
 * the state file is missing or unreadable (then by names alone, and the unreadable file is left untouched).
 */
public final class AbortCommand {
    /** How long to wait for a running goal to notice the abort request and let go of the lock. */
    private static final Duration RUNNING_GOAL_WAIT = Duration.ofSeconds(90);

    private final OrchConfig config;
    private final Console console;
    private final Duration grace;
    private final boolean hard;
    private final boolean dryRun;

    public AbortCommand(OrchConfig config, Console console, Duration grace, boolean hard, boolean dryRun) {
        this.config = config;
        this.console = console;
        this.grace = grace;
        this.hard = hard;
        this.dryRun = dryRun;
    }

    public List<String> run() {
        Project project = Project.locate(config);
        StateStore store = new StateStore(config.stateDirectory());
        BatchState state = loadOrNull(store);
        Path worktrees = state != null && state.worktreeDirectory != null ? Path.of(state.worktreeDirectory)
                : config.worktreeDirectory();
        Aborter aborter = new Aborter(project.repoRoot(), config.stateDirectory(), worktrees, console);
        Aborter.Inventory inventory = aborter.inventory(state);
        if (dryRun) {
            if (inventory.isEmpty()) {
                console.info("[orch] dry run: nothing to remove" + (state == null ? "" : " for batch " + state.batchId));
            } else {
                console.info("[orch] dry run: orch:abort would");
                inventory.describe().forEach(line -> console.info("  - " + line));
            }
            return inventory.describe();
        }
        boolean active = state != null && state.phase.active();
        if (inventory.isEmpty() && !active) {
            console.info("[orch] nothing to abort" + (state == null ? "" : ": batch " + state.batchId + " is "
                    + state.phase.label() + " and left nothing running"));
            return List.of();
        }
        Path request = StopSignal.abortRequestFile(config.stateDirectory());
        try {
            Files.createDirectories(config.stateDirectory());
            Files.writeString(request, "abort requested by pid " + ProcessHandle.current().pid() + "\n");
            waitForRunningGoal();
            try (ProjectLock lock = ProjectLock.acquire(config.stateDirectory(), "orch:abort")) {
                BatchState current = loadOrNull(store);
                Aborter.Inventory fresh = aborter.inventory(current);
                fresh.describe().forEach(line -> console.info("[orch] " + line));
                List<String> saved = aborter.execute(fresh, current, hard ? Duration.ZERO : grace, hard);
                if (current != null) {
                    synchronized (current) {
                        Aborter.recordStopped(current);
                        store.save(current);
                    }
                    new EventLog(config.stateDirectory()).append("batch.aborted", "batchId", current.batchId,
                            "saved", saved);
                }
                console.info("[orch] aborted" + (current == null ? "" : " batch " + current.batchId)
                        + (saved.isEmpty() ? "; no unsaved work was found" : "; work kept at " + String.join(", ", saved))
                        + ". Start again with `mvn orch:run`.");
                return saved;
            }
        } catch (IOException e) {
            throw new OrchFailure("cannot write " + request + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(request);
            } catch (IOException ignored) {
                // an old request is ignored by later runs
            }
        }
    }

    private void waitForRunningGoal() {
        if (!ProjectLock.held(config.stateDirectory())) {
            return;
        }
        console.info("[orch] an Orch goal is running on this batch; asking it to stop...");
        long deadline = System.nanoTime() + RUNNING_GOAL_WAIT.toNanos();
        while (ProjectLock.held(config.stateDirectory())) {
            if (System.nanoTime() > deadline) {
                throw new OrchException("The running Orch goal did not stop within " + RUNNING_GOAL_WAIT.toSeconds()
                        + " s; stop it (Ctrl-C or kill its Maven process), then run `mvn orch:abort` again.");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OrchFailure("interrupted while waiting for the running goal", e);
            }
        }
    }

    /** The state, or null when it is missing or unreadable (abort then works by names; the file is not touched). */
    private BatchState loadOrNull(StateStore store) {
        try {
            return store.load().orElse(null);
        } catch (OrchException unreadable) {
            console.warn("[orch] " + unreadable.getMessage());
            console.warn("[orch] aborting by names; the unreadable state file is left as it is: delete it yourself"
                    + " once you no longer need it, so that `mvn orch:run` can start afresh");
            return null;
        }
    }
}
