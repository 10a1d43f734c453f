package dev.orch.engine.commands;

import dev.orch.engine.Console;
import dev.orch.engine.OrchConfig;
import dev.orch.engine.reports.Reports;
import dev.orch.engine.state.BatchState;
import dev.orch.engine.state.LaneRecord;
import dev.orch.engine.state.MergeRecord;
import dev.orch.engine.state.ProjectLock;
import dev.orch.engine.state.StateStore;
import dev.orch.engine.state.TaskRecord;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code orch:status}: prints the recorded batch. It only reads (the state file is replaced atomically, so this
 * is safe while a run is going in another terminal) and takes no lock.
 */
public final class StatusCommand {
    private final OrchConfig config;
    private final Console console;

    public StatusCommand(OrchConfig config, Console console) {
        this.config = config;
        this.console = console;
    }

    public Optional<BatchState> run() {
        Optional<BatchState> loaded = new StateStore(config.stateDirectory()).load();
        if (loaded.isEmpty()) {
            console.info("No batch is recorded in " + display(config.stateDirectory()) + ". Start one with `mvn orch:run`"
                    + " (or see the plan with `mvn orch:plan`).");
            return loaded;
        }
        lines(loaded.get()).forEach(console::info);
        BatchState state = loaded.get();
        if (state.usage != null && !state.usage.isEmpty()) {
            console.info(String.format(Locale.ROOT, "Usage: %d input tokens, %d output tokens, $%.4f",
                    state.usage.inputTokens, state.usage.outputTokens, state.usage.costUsd));
        }
        Reports.write(state, config.stateDirectory(), console);
        console.info("Report: " + display(Reports.htmlFile(config.stateDirectory())));
        return loaded;
    }

    List<String> lines(BatchState state) {
        List<String> lines = new java.util.ArrayList<>();
        state.recount();
        boolean live = ProjectLock.held(config.stateDirectory());
        lines.add("Batch " + state.batchId + ": " + state.phase.label() + (live ? " (a goal is running now)" : "")
                + ", base " + state.baseBranch + ", integration branch " + state.integrationBranch
                + ", driver " + state.driver);
        lines.add("Tasks: " + state.counters.get("total") + " total, " + count(state, "succeeded") + " succeeded, "
                + count(state, "running") + " running, " + count(state, "pending") + " pending, "
                + count(state, "failed") + " failed, " + count(state, "blocked") + " blocked, "
                + count(state, "skipped") + " skipped");
        for (int wave = 1; wave <= state.wavePlan.size(); wave++) {
            lines.add("Wave " + wave + (wave <= state.mergedWave ? " (merged)" : ""));
            for (LaneRecord lane : state.lanesOfWave(wave)) {
                lines.add("  lane " + lane.number + " [" + lane.status + "] " + lane.branch);
                for (String id : lane.tasks) {
                    TaskRecord task = state.tasks.get(id);
                    String log = display(config.stateDirectory().resolve("logs").resolve(id + ".log"));
                    String session = task.lastAttempt() == null ? "" : " session " + task.lastAttempt().session;
                    lines.add(String.format(Locale.ROOT, "    %-14s %-10s attempts %d%s log %s%s", id,
                            task.status.label(), task.attemptCount(), session, log,
                            task.exitReason == null ? "" : " - " + task.exitReason));
                }
            }
        }
        for (MergeRecord merge : state.mergeResults) {
            if (!"merged".equals(merge.status)) {
                lines.add("Merge wave " + merge.wave + " lane " + merge.lane + ": " + merge.status
                        + (merge.message == null ? "" : " - " + merge.message));
            }
        }
        if (state.integrationResult != null) {
            lines.add("Integration: " + state.integrationResult);
        }
        lines.add("Next: " + nextCommand(state));
        return lines;
    }

    static String nextCommand(BatchState state) {
        return switch (state.phase) {
            case PAUSED -> "`mvn orch:resume` to continue, or `mvn orch:abort` to clean up";
            case EXECUTING, MERGING, PLANNING -> "if no goal is running (it was interrupted), `mvn orch:resume`;"
                    + " `mvn orch:abort` to stop and clean up";
            case COMPLETED -> "nothing: the batch is done; `mvn orch:run` starts a new one";
            case FAILED, STOPPED -> "fix what failed, then `mvn orch:run` runs what is still pending";
        };
    }

    private static int count(BatchState state, String key) {
        return state.counters.getOrDefault(key, 0);
    }

    private String display(Path path) {
        Path project = config.projectDir();
        return path.startsWith(project) ? project.relativize(path).toString() : path.toString();
    }
}
