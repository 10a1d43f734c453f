package dev.orch.engine.running;

import dev.orch.engine.OrchException;
import dev.orch.engine.sessions.AgentDriver;
import dev.orch.engine.sessions.RunFiles;
import dev.orch.engine.state.AttemptRecord;
import dev.orch.engine.state.BatchState;
import dev.orch.engine.state.LaneRecord;
import dev.orch.engine.state.TaskRecord;
import dev.orch.engine.state.TaskStatus;
import dev.orch.engine.util.Sha256;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Brings a recorded batch in line with what is really there before it runs on: each task is reconciled by
 * {@link ResumeRules#decide} from facts read off the worktrees, the lane branches, the run files and the
 * sessions; merged waves are checked by ancestry; the integration branch is restored.
 */
final class Resumer {
    private final BatchState state;
    private final BatchLayout layout;
    private final Workspace workspace;
    private final AgentDriver driver;
    private final dev.orch.engine.Console console;

    Resumer(BatchState state, BatchLayout layout, Workspace workspace, AgentDriver driver,
            dev.orch.engine.Console console) {
        this.state = state;
        this.layout = layout;
        this.workspace = workspace;
        this.driver = driver;
        this.console = console;
    }

    /** Checks the recorded graph: every dependency is a recorded task of an earlier wave (so no cycle). */
    static void validateGraph(BatchState state) {
        List<String> problems = new ArrayList<>();
        for (TaskRecord task : state.tasks.values()) {
            for (String dependency : task.dependencies) {
                TaskRecord other = state.tasks.get(dependency);
                if (other == null) {
                    problems.add(task.id + " depends on " + dependency + ", which the batch does not know");
                } else if (other.wave >= task.wave) {
                    problems.add(task.id + " (wave " + task.wave + ") depends on " + dependency + " (wave "
                            + other.wave + "), which is not in an earlier wave"
                            + cyclePath(state, task.id).map(p -> ": cycle " + p).orElse(""));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new OrchException("The recorded dependency graph of batch " + state.batchId + " is invalid: "
                    + String.join("; ", problems) + ". Resume stopped without changing anything; clean up with"
                    + " `mvn orch:abort` and plan again with `mvn orch:plan`.");
        }
    }

    private static java.util.Optional<String> cyclePath(BatchState state, String start) {
        // Depth-first walk along dependencies, iterative; returns the first cycle back to start.
        Map<String, String> parent = new LinkedHashMap<>();
        java.util.ArrayDeque<String> stack = new java.util.ArrayDeque<>();
        stack.push(start);
        parent.put(start, null);
        while (!stack.isEmpty()) {
            String current = stack.pop();
            TaskRecord task = state.tasks.get(current);
            if (task == null) {
                continue;
            }
            for (String dependency : task.dependencies) {
                if (dependency.equals(start)) {
                    List<String> path = new ArrayList<>();
                    for (String at = current; at != null; at = parent.get(at)) {
                        path.add(0, at);
                    }
                    path.add(start);
                    return java.util.Optional.of(String.join(" -> ", path));
                }
                if (!parent.containsKey(dependency)) {
                    parent.put(dependency, current);
                    stack.push(dependency);
                }
            }
        }
        return java.util.Optional.empty();
    }

    /** Reconciles every task and wave; returns pending tasks whose PROMPT.md changed (to run with the new text). */
    Map<String, Path> reconcile(BatchRecorder recorder) {
        restoreIntegrationBranch(recorder);
        recheckMergedWaves(recorder);
        for (TaskRecord task : new ArrayList<>(state.tasks.values())) {
            reconcileTask(recorder, task);
        }
        recorder.update(s -> {
            for (int wave = s.mergedWave + 1; wave <= s.wavePlan.size(); wave++) {
                for (LaneRecord lane : s.lanesOfWave(wave)) {
                    if (!lane.status.equals("merged") && !lane.status.equals("merge-failed")) {
                        lane.status = LaneRunner.laneStatus(lane, s.tasks);
                        if (lane.status.equals("running")) {
                            lane.status = "pending";
                        }
                    }
                }
            }
        });
        return changedPrompts(recorder);
    }

    private void restoreIntegrationBranch(BatchRecorder recorder) {
        String branch = layout.integrationBranch();
        if (workspace.repo().resolve("refs/heads/" + branch).isEmpty()) {
            console.warn("[orch] integration branch " + branch + " is missing; recreating it at the batch's base"
                    + " commit and merging the recorded lanes again");
            workspace.createBranch(branch, state.baseCommit);
        }
    }

    private void recheckMergedWaves(BatchRecorder recorder) {
        recorder.update(s -> {
            for (int wave = 1; wave <= s.mergedWave; wave++) {
                boolean allLanded = true;
                for (LaneRecord lane : s.lanesOfWave(wave)) {
                    if ("merged".equals(lane.status) && !WaveMerger.landed(workspace, layout.integrationBranch(), lane)) {
                        lane.status = "done";
                        allLanded = false;
                        console.warn("[orch] wave " + wave + " lane " + lane.number + " is recorded as merged but"
                                + " is not in " + layout.integrationBranch() + "; merging it again");
                    }
                }
                if (!allLanded) {
                    s.mergedWave = wave - 1;
                    break;
                }
            }
        });
    }

    private void reconcileTask(BatchRecorder recorder, TaskRecord task) {
        LaneRecord lane = state.lanes.get("w" + task.wave + "-l" + task.lane);
        Path worktree = Path.of(lane.worktree);
        boolean worktreePresent = Files.exists(worktree.resolve(".git"));
        AttemptRecord attempt = task.lastAttempt();
        boolean inFlight = task.status == TaskStatus.RUNNING && attempt != null && "running".equals(attempt.outcome);
        RunFiles files = attempt == null ? null : layout.runFiles(task.id, attempt.number);
        boolean exitRecorded = inFlight && files.readExit().isPresent();
        boolean alive = inFlight && !exitRecorded && driver.alive(attempt.session, files);
        boolean unfinished = !task.status.finished();
        boolean doneInWorktree = unfinished && worktreePresent
                && Files.exists(worktree.resolve(task.folder).resolve(".DONE"));
        boolean doneOnBranch = unfinished && !doneInWorktree
                && workspace.repo().ok("cat-file", "-e", "refs/heads/" + lane.branch + ":" + task.folder + "/.DONE");
        ResumeRules.Decision decision = ResumeRules.decide(new ResumeRules.TaskFacts(task.status, inFlight,
                doneInWorktree, doneOnBranch, alive, exitRecorded, worktreePresent));
        switch (decision.action()) {
            case COMPLETE -> complete(recorder, task, lane, worktree, worktreePresent, alive, files);
            case RERUN -> rerun(recorder, task, worktree, attempt, files);
            case FAIL -> recorder.update(s -> {
                task.status = TaskStatus.FAILED;
                task.exitReason = decision.reason();
                task.endedAt = Clock.now();
                if (attempt != null && "running".equals(attempt.outcome)) {
                    attempt.outcome = "interrupted";
                    attempt.reason = decision.reason();
                }
            });
            case AWAIT, KEEP, PENDING -> {
                // AWAIT: the lane runner reattaches to the in-flight attempt; the others need nothing.
            }
        }
        if (decision.action() != ResumeRules.Action.KEEP && decision.action() != ResumeRules.Action.PENDING) {
            console.info("[orch] " + task.id + ": " + decision.reason());
            recorder.event("task.reconciled", "task", task.id, "action", decision.action().name().toLowerCase(),
                    "reason", decision.reason());
        }
    }

    private void complete(BatchRecorder recorder, TaskRecord task, LaneRecord lane, Path worktree,
                          boolean worktreePresent, boolean alive, RunFiles files) {
        if (task.status == TaskStatus.SUCCEEDED) {
            return;
        }
        AttemptRecord attempt = task.lastAttempt();
        if (alive) {
            driver.stop(attempt.session, files, java.time.Duration.ofSeconds(3));
        }
        String doneCommit;
        if (worktreePresent) {
            workspace.commitAll(worktree, "orch: " + task.id + " work left uncommitted by the agent");
            doneCommit = workspace.head(worktree);
        } else {
            doneCommit = workspace.repo().resolve("refs/heads/" + lane.branch).orElse(null);
        }
        recorder.update(s -> {
            task.status = TaskStatus.SUCCEEDED;
            task.doneCommit = doneCommit;
            task.endedAt = Clock.now();
            task.exitReason = null;
            if (attempt != null && "running".equals(attempt.outcome)) {
                attempt.outcome = "succeeded";
                attempt.endedAt = task.endedAt;
            }
        });
    }

    private void rerun(BatchRecorder recorder, TaskRecord task, Path worktree, AttemptRecord attempt,
                       RunFiles files) {
        boolean inFlight = attempt != null && "running".equals(attempt.outcome);
        // Not in flight: the crash came between attempts; the last one's outcome and saved work are recorded.
        boolean started = inFlight && Files.exists(files.pidFile());
        String savedRef = null;
        if (inFlight && attempt.startCommit != null) {
            savedRef = workspace.saveWork(worktree, attempt.startCommit,
                    layout.attemptSavedRef(task.id, attempt.number), "orch: saved work of " + task.id + " attempt "
                            + attempt.number + " (interrupted)").orElse(null);
            workspace.resetHard(worktree, attempt.startCommit);
        }
        String saved = savedRef;
        recorder.update(s -> {
            task.status = TaskStatus.PENDING;
            if (started) {
                attempt.outcome = "interrupted";
                attempt.reason = "the orchestrator stopped while it ran";
                attempt.endedAt = Clock.now();
                attempt.savedRef = saved;
            } else if (inFlight) {
                // The agent never started (crash between recording and spawning): not a spent attempt.
                task.attempts.remove(attempt);
            }
        });
    }

    private Map<String, Path> changedPrompts(BatchRecorder recorder) {
        Map<String, Path> refreshed = new LinkedHashMap<>();
        for (TaskRecord task : state.tasks.values()) {
            Path prompt = layout.repoRoot().resolve(task.folder).resolve("PROMPT.md");
            String hash = Sha256.ofFile(prompt);
            if (hash == null || task.promptHash == null || hash.equals(task.promptHash)) {
                continue;
            }
            if (task.status == TaskStatus.PENDING) {
                console.info("[orch] " + task.id + ": PROMPT.md changed since the batch started; it runs with the"
                        + " new content");
                refreshed.put(task.id, prompt);
                recorder.update(s -> task.promptHash = hash);
            } else {
                console.warn("[orch] " + task.id + ": PROMPT.md changed since the batch started, but the task is "
                        + task.status.label() + "; the change is not run");
            }
            recorder.event("task.prompt-changed", "task", task.id, "status", task.status.label());
        }
        return refreshed;
    }
}
