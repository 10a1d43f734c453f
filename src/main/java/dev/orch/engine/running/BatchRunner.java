package dev.orch.engine.running;

import dev.orch.engine.state.BatchState;
import dev.orch.engine.state.LaneRecord;
import dev.orch.engine.state.Phase;
import dev.orch.engine.state.TaskRecord;
import dev.orch.engine.state.TaskStatus;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a recorded batch from wherever its state says it is: wave after wave, lanes in parallel, merges after each
 * wave, then integration, cleanup and the summary. The same loop serves run and resume, so it decides what to do
 * from the recorded state (and the repository), never from how it was entered.
 */
public final class BatchRunner {
    private final BatchContext context;
    private final WaveMerger merger;
    private final Cleanup cleanup;
    /** Lanes merged in the last wave, removed in the background during the next one. */
    private final List<LaneRecord> mergedLanesToRemove = new ArrayList<>();

    BatchRunner(BatchContext context) {
        this.context = context;
        this.merger = new WaveMerger(context);
        this.cleanup = new Cleanup(context.layout(), context.workspace(), context.driver(), context.console());
    }

    public BatchOutcome run() {
        int waves = context.recorder().read(state -> state.wavePlan.size());
        int firstWave = context.recorder().read(state -> state.mergedWave) + 1;
        for (int wave = firstWave; wave <= waves; wave++) {
            if (context.stop().interrupted()) {
                return pause(null);
            }
            if (context.recorder().read(state -> state.stopReason) != null) {
                break;
            }
            runWave(wave, waves);
            if (context.stop().interrupted()) {
                return pause(null);
            }
            BatchOutcome mergeFailure = mergeWave(wave);
            if (mergeFailure != null) {
                return mergeFailure;
            }
        }
        return finish();
    }

    private void runWave(int wave, int waves) {
        Map<String, String> blocked = context.recorder().read(state -> FailurePolicy.blockedInWave(state, wave));
        List<LaneRecord> lanes = context.recorder().read(state -> new ArrayList<>(state.lanesOfWave(wave)));
        context.recorder().update(state -> {
            state.phase = Phase.EXECUTING;
            blocked.forEach((id, reason) -> {
                TaskRecord task = state.tasks.get(id);
                task.status = TaskStatus.BLOCKED;
                task.exitReason = reason;
            });
        });
        blocked.forEach((id, reason) -> {
            context.recorder().event("task.blocked", "task", id, "reason", reason);
            context.console().warn("[orch] " + id + " blocked: " + reason);
        });
        List<LaneRecord> runnable = new ArrayList<>();
        for (LaneRecord lane : lanes) {
            boolean hasWork = context.recorder().read(state -> lane.tasks.stream()
                    .anyMatch(id -> !state.tasks.get(id).status.finished()));
            if (hasWork) {
                runnable.add(lane);
            } else {
                context.recorder().update(state -> lane.status = LaneRunner.laneStatus(lane, state.tasks));
            }
        }
        if (runnable.isEmpty()) {
            return;
        }
        context.recorder().event("wave.started", "wave", wave, "lanes", runnable.size());
        context.console().info("[orch] wave " + wave + "/" + waves + ": " + runnable.size() + " lane"
                + (runnable.size() == 1 ? "" : "s") + ", " + runnable.stream().mapToInt(l -> l.tasks.size()).sum()
                + " tasks");
        String integrationTip = context.workspace().repo()
                .out("rev-parse", "refs/heads/" + context.layout().integrationBranch());
        context.recorder().update(state -> runnable.stream().filter(lane -> lane.baseCommit == null)
                .forEach(lane -> lane.baseCommit = integrationTip));
        context.workspace().repo().run("worktree", "prune");
        for (LaneRecord lane : runnable) {
            prepareWorktree(lane);
        }
        // The previous wave's merged lanes are removed while this wave's agents work (their work is merged, and
        // Cleanup saves anything uncommitted first); the batch's final cleanup catches whatever this misses.
        List<LaneRecord> toRemove = new ArrayList<>(mergedLanesToRemove);
        mergedLanesToRemove.clear();
        java.util.concurrent.CompletableFuture<Void> removal = java.util.concurrent.CompletableFuture.runAsync(
                () -> toRemove.forEach(cleanup::removeMergedLane));
        runLanesInParallel(runnable);
        try {
            removal.join();
        } catch (java.util.concurrent.CompletionException e) {
            context.console().warn("[orch] could not remove a merged lane's worktree yet (" + e.getCause().getMessage()
                    + "); it is removed when the batch ends");
        }
    }

    /** The lane's worktree on its branch; baseCommit is already recorded, so a crash here loses nothing. */
    private void prepareWorktree(LaneRecord lane) {
        Path worktree = Path.of(lane.worktree);
        boolean created = context.workspace().ensureWorktree(worktree, lane.branch, lane.baseCommit);
        boolean untouched = context.recorder().read(state -> lane.tasks.stream()
                .allMatch(id -> state.tasks.get(id).attempts.isEmpty()));
        if (!created && untouched) {
            // A kill during `git worktree add` can leave a half checkout; no agent has worked here yet, so make it
            // exactly the branch before one does (missing files would otherwise be committed as deletions).
            context.workspace().resetHard(worktree, "HEAD");
        }
    }

    private void runLanesInParallel(List<LaneRecord> lanes) {
        ExecutorService pool = Executors.newFixedThreadPool(lanes.size(), runnable -> {
            Thread thread = new Thread(runnable, "orch-lane");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (LaneRecord lane : lanes) {
                futures.add(pool.submit(() -> new LaneRunner(context).run(lane)));
            }
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    context.console().error("[orch] lane error: " + e.getCause());
                } catch (InterruptedException e) {
                    context.stop().requestPause();
                    Thread.currentThread().interrupt();
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    /** Merges the wave; returns an outcome when the batch must stop here (merge failure), else null. */
    private BatchOutcome mergeWave(int wave) {
        context.recorder().update(state -> state.phase = Phase.MERGING);
        List<LaneRecord> failed = merger.merge(wave);
        if (!failed.isEmpty()) {
            String lanes = String.join(", ", failed.stream().map(this::describeMergeFailure).toList());
            if ("abort".equals(context.settings().onMergeFailure())) {
                context.recorder().update(state -> state.stopReason = "merge of wave " + wave
                        + " failed and onMergeFailure=abort (" + lanes + ")");
                return finish();
            }
            return pause("merge of wave " + wave + " failed for " + lanes + ". Resolve it on the lane branch"
                    + " (e.g. merge " + context.layout().integrationBranch() + " into it and commit), then run"
                    + " `mvn orch:resume`; or run `mvn orch:abort`.");
        }
        List<LaneRecord> lanes = context.recorder().read(state -> new ArrayList<>(state.lanesOfWave(wave)));
        context.recorder().update(state -> state.mergedWave = wave);
        context.recorder().event("wave.merged", "wave", wave);
        for (LaneRecord lane : lanes) {
            if ("merged".equals(lane.status)) {
                mergedLanesToRemove.add(lane);
            }
        }
        context.console().info("[orch] wave " + wave + " merged into " + context.layout().integrationBranch());
        return null;
    }

    /** A lane branch with why its merge failed (the conflicting files, or the failed verifyCommand). */
    private String describeMergeFailure(LaneRecord lane) {
        String why = context.recorder().read(state -> state.mergeResults.stream()
                .filter(m -> m.wave == lane.wave && m.lane == lane.number && m.message != null)
                .reduce((first, second) -> second).map(m -> m.message).orElse(null));
        return why == null ? lane.branch : lane.branch + " (" + why + ")";
    }

    private BatchOutcome pause(String why) {
        context.recorder().update(state -> state.phase = Phase.PAUSED);
        context.recorder().event("batch.paused", "reason", why);
        context.recorder().reports().writeNow();
        String agents = "tmux".equals(context.driver().name())
                ? "Running agents keep running in tmux; " : "Running agents were stopped and run again on resume; ";
        String message = why != null ? "Batch " + context.layout().batchId() + " paused: " + why
                : "Batch " + context.layout().batchId() + " paused. " + agents + "continue with `mvn orch:resume`"
                + " (or clean up with `mvn orch:abort`).";
        context.console().warn("[orch] " + message);
        return outcome(Phase.PAUSED, message);
    }

    private BatchOutcome finish() {
        String stopReason = context.recorder().read(state -> state.stopReason);
        context.recorder().update(state -> {
            for (TaskRecord task : state.tasks.values()) {
                if (!task.status.finished()) {
                    task.status = TaskStatus.SKIPPED;
                    task.exitReason = stopReason != null ? stopReason : "the batch ended before it ran";
                }
            }
        });
        BatchState state = context.recorder().state();
        String base = context.recorder().read(s -> s.baseBranch);
        String baseCommit = context.recorder().read(s -> s.baseCommit);
        Integrator.Result integration = new Integrator(context.workspace())
                .integrate(context.settings().integration(), base, context.layout().integrationBranch(), baseCommit);
        context.recorder().event("batch.integrated", "integrated", integration.integrated(),
                "message", integration.message());
        List<String> kept = context.recorder().read(s -> cleanup.finish(s, integration.integrated()));
        boolean allSucceeded = context.recorder().read(s -> s.tasks.values().stream()
                .allMatch(t -> t.status == TaskStatus.SUCCEEDED));
        Phase phase = allSucceeded && stopReason == null ? Phase.COMPLETED : Phase.FAILED;
        context.recorder().update(s -> {
            s.phase = phase;
            s.endedAt = Clock.now();
            s.integrationResult = integration.message();
        });
        context.recorder().event("batch.finished", "phase", phase.label());
        context.recorder().reports().writeNow();
        Summary.print(state, context, integration.message(), kept);
        String message = Summary.closingMessage(state, context.layout(), integration, kept);
        return outcome(phase, message);
    }

    private BatchOutcome outcome(Phase phase, String message) {
        return context.recorder().read(state -> {
            List<String> failed = new ArrayList<>();
            List<String> blocked = new ArrayList<>();
            for (TaskRecord task : state.tasks.values()) {
                String log = context.relative(context.layout().logFile(task.id));
                LaneRecord lane = state.lanes.get("w" + task.wave + "-l" + task.lane);
                if (task.status == TaskStatus.FAILED) {
                    failed.add(task.id + " (" + task.exitReason + "; log: " + log + ")");
                } else if (task.status == TaskStatus.SUCCEEDED && lane != null && "merge-failed".equals(lane.status)) {
                    failed.add(task.id + " (succeeded, but its lane did not merge; its work is on " + lane.branch + ")");
                } else if (task.status == TaskStatus.BLOCKED || task.status == TaskStatus.SKIPPED) {
                    blocked.add(task.id + " (" + task.exitReason + ")");
                }
            }
            return new BatchOutcome(state.batchId, phase, failed, blocked, message);
        });
    }

    static String elapsed(String startedAt) {
        return startedAt == null ? "-" : Clock.format(Duration.between(Instant.parse(startedAt), Instant.now()));
    }
}
