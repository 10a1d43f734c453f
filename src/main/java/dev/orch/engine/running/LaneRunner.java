package dev.orch.engine.running;

import dev.orch.engine.OrchFailure;
import dev.orch.engine.sessions.AgentLaunch;
import dev.orch.engine.sessions.RunFiles;
import dev.orch.engine.state.AttemptRecord;
import dev.orch.engine.state.Json;
import dev.orch.engine.state.LaneRecord;
import dev.orch.engine.state.TaskRecord;
import dev.orch.engine.state.TaskStatus;
import dev.orch.engine.state.Usage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs one lane's tasks one after another in the lane's worktree: each attempt in a session, retries from a clean
 * worktree with the failed attempt's work kept on a ref, and a finished task's leftovers and .DONE committed.
 */
final class LaneRunner {
    private final BatchContext context;
    private final AttemptMonitor monitor;
    private java.util.concurrent.CompletableFuture<Void> sessionRemoval;

    LaneRunner(BatchContext context) {
        this.context = context;
        this.monitor = new AttemptMonitor(context.driver(), context.stop(), context.settings().taskTimeoutMinutes(),
                context.settings().stallTimeoutMinutes());
    }

    void run(LaneRecord lane) {
        Path worktree = Path.of(lane.worktree);
        context.recorder().update(state -> lane.status = "running");
        for (String taskId : lane.tasks) {
            if (context.stop().interrupted()) {
                return;
            }
            TaskRecord task = context.recorder().read(state -> state.tasks.get(taskId));
            TaskStatus status = context.recorder().read(state -> task.status);
            if (status.finished()) {
                continue;
            }
            String stopAll = context.stop().stopAllReason();
            if (stopAll != null) {
                skip(task, stopAll);
                continue;
            }
            try {
                runTask(lane, task, worktree);
            } catch (RuntimeException e) {
                failForError(task, e);
            }
        }
        awaitSessionRemoval();
        context.recorder().update(state -> lane.status = laneStatus(lane, state.tasks));
    }

    static String laneStatus(LaneRecord lane, Map<String, TaskRecord> tasks) {
        boolean allSucceeded = true;
        boolean anyUnfinished = false;
        for (String id : lane.tasks) {
            TaskStatus status = tasks.get(id).status;
            allSucceeded &= status == TaskStatus.SUCCEEDED;
            anyUnfinished |= !status.finished();
        }
        return allSucceeded ? "done" : anyUnfinished ? "running" : "failed";
    }

    private void runTask(LaneRecord lane, TaskRecord task, Path worktree) {
        AttemptRecord inFlight = context.recorder().read(state ->
                task.status == TaskStatus.RUNNING && task.lastAttempt() != null
                        && "running".equals(task.lastAttempt().outcome) ? task.lastAttempt() : null);
        if (inFlight != null) {
            context.console().info("[orch] " + task.id + " reattached to its running agent (attempt "
                    + inFlight.number + ")");
            if (!handle(lane, task, worktree, inFlight, awaitAttempt(task, inFlight, worktree))) {
                return;
            }
        }
        while (!context.stop().interrupted()) {
            int used = context.recorder().read(state -> task.attemptCount());
            int allowed = 1 + context.settings().maxRetries();
            if (used >= allowed) {
                fail(task, used == 0 ? "no attempts allowed" : "all " + used + " attempts failed; last: "
                        + context.recorder().read(state -> task.lastAttempt().reason));
                return;
            }
            AttemptRecord attempt = start(lane, task, worktree, used + 1);
            AttemptOutcome outcome = attempt.outcome.equals("spawn-failed")
                    ? new AttemptOutcome(AttemptOutcome.Kind.SPAWN_FAILED, null, attempt.reason, 0)
                    : awaitAttempt(task, attempt, worktree);
            if (!handle(lane, task, worktree, attempt, outcome)) {
                return;
            }
        }
    }

    private AttemptOutcome awaitAttempt(TaskRecord task, AttemptRecord attempt, Path worktree) {
        RunFiles files = context.layout().runFiles(task.id, attempt.number);
        long started = Instant.parse(attempt.startedAt).toEpochMilli();
        boolean stopOnPause = context.driver().stopsAgentsOnPause();
        return monitor.await(attempt.session, files, context.layout().logFile(task.id), worktree, started, stopOnPause);
    }

    private AttemptRecord start(LaneRecord lane, TaskRecord task, Path worktree, int number) {
        awaitSessionRemoval();
        String session = context.layout().sessionName(task.id, number);
        RunFiles files = context.layout().runFiles(task.id, number);
        AttemptRecord attempt = new AttemptRecord();
        attempt.number = number;
        attempt.session = session;
        attempt.startCommit = context.workspace().head(worktree);
        attempt.startedAt = Clock.now();
        attempt.outcome = "running";
        prepareRunDirectory(files);
        refreshPrompt(task, worktree);
        context.recorder().update(state -> {
            task.status = TaskStatus.RUNNING;
            if (task.startedAt == null) {
                task.startedAt = attempt.startedAt;
            }
            task.attempts.add(attempt);
        });
        Path logFile = context.layout().logFile(task.id);
        context.recorder().event("task.started", "task", task.id, "wave", lane.wave, "lane", lane.number,
                "attempt", number, "session", session);
        String attach = context.driver().attachCommand(session);
        context.console().info("[orch] > " + task.id + " started (wave " + lane.wave + ", lane " + lane.number
                + ", attempt " + number + ") log: " + context.relative(logFile)
                + (attach == null ? "" : " attach: " + attach));
        appendToLog(logFile, "\n===== " + task.id + " attempt " + number + " started " + attempt.startedAt + " =====");
        try {
            context.driver().start(new AgentLaunch(session, context.layout().projectIn(worktree),
                    environment(lane, task, worktree, number, files), logFile, files));
        } catch (RuntimeException e) {
            appendToLog(logFile, "orch: could not start the agent: " + e.getMessage());
            context.recorder().update(state -> {
                attempt.outcome = "spawn-failed";
                attempt.reason = "could not start the agent: " + e.getMessage();
            });
        }
        return attempt;
    }

    /** On resume, a pending task whose PROMPT.md changed since the batch started runs with the new text. */
    private void refreshPrompt(TaskRecord task, Path worktree) {
        Path source = context.refreshedPrompts().get(task.id);
        if (source == null) {
            return;
        }
        try {
            Path target = worktree.resolve(task.folder).resolve("PROMPT.md");
            Files.createDirectories(target.getParent());
            Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new OrchFailure("cannot copy the changed PROMPT.md of " + task.id + ": " + e.getMessage(), e);
        }
    }

    private Map<String, String> environment(LaneRecord lane, TaskRecord task, Path worktree, int attempt,
                                            RunFiles files) {
        Path taskDir = worktree.resolve(task.folder);
        Map<String, String> env = new LinkedHashMap<>(context.agentIdentity());
        env.put("ORCH_TASK_ID", task.id);
        env.put("ORCH_TASK_NAME", task.name == null ? task.id : task.name);
        env.put("ORCH_TASK_DIR", taskDir.toString());
        env.put("ORCH_PROMPT_FILE", taskDir.resolve("PROMPT.md").toString());
        env.put("ORCH_BATCH_ID", context.layout().batchId());
        env.put("ORCH_WAVE", String.valueOf(lane.wave));
        env.put("ORCH_LANE", String.valueOf(lane.number));
        env.put("ORCH_ATTEMPT", String.valueOf(attempt));
        env.put("ORCH_WORKTREE", worktree.toString());
        if (task.model != null && !task.model.isBlank()) {
            env.put("ORCH_MODEL", task.model);
        }
        env.put("ORCH_USAGE_FILE", files.usageFile().toString());
        env.put("ORCH_RUN_DIR", files.dir().toString());
        env.put("ORCH_LOG_FILE", context.layout().logFile(task.id).toString());
        env.put("ORCH_AGENT_COMMAND", context.settings().agentCommand());
        return env;
    }

    /** Records an attempt's outcome. Returns true when the task should be tried again. */
    private boolean handle(LaneRecord lane, TaskRecord task, Path worktree, AttemptRecord attempt,
                           AttemptOutcome outcome) {
        if (outcome.kind() == AttemptOutcome.Kind.DETACHED) {
            return false;
        }
        releaseSession(attempt.session, context.layout().runFiles(task.id, attempt.number));
        Usage usage = readUsage(context.layout().runFiles(task.id, attempt.number));
        String endedAt = Clock.now();
        String exitedAt = outcome.exitFileMillis() > 0 ? Instant.ofEpochMilli(outcome.exitFileMillis()).toString()
                : null;
        if (outcome.succeeded()) {
            context.workspace().adoptHeadAsBranch(worktree, lane.branch, attempt.startCommit);
            String doneCommit = completeTask(task, worktree, attempt);
            context.recorder().update(state -> {
                attempt.outcome = "succeeded";
                attempt.exitCode = 0;
                attempt.endedAt = endedAt;
                attempt.exitedAt = exitedAt;
                attempt.usage = usage;
                task.status = TaskStatus.SUCCEEDED;
                task.endedAt = endedAt;
                task.doneCommit = doneCommit;
                task.exitReason = null;
            });
            context.recorder().event("task.succeeded", "task", task.id, "attempt", attempt.number,
                    "exitedAt", exitedAt);
            context.console().info("[orch] + " + task.id + " succeeded in " + Clock.duration(attempt.startedAt,
                    endedAt) + " (attempt " + attempt.number + ")");
            return false;
        }
        String reason = outcome.reason() == null ? "the agent failed" : outcome.reason();
        String savedRef = saveAndReset(task, worktree, attempt, reason, lane.branch);
        boolean interruptedByUser = outcome.kind() == AttemptOutcome.Kind.STOPPED
                && context.stop().stopAllReason() == null;
        context.recorder().update(state -> {
            attempt.outcome = outcome.label();
            attempt.exitCode = outcome.exitCode();
            attempt.reason = reason;
            attempt.endedAt = endedAt;
            attempt.exitedAt = exitedAt;
            attempt.savedRef = savedRef;
            attempt.usage = usage;
            if (interruptedByUser) {
                task.status = TaskStatus.PENDING;
            }
        });
        context.recorder().event("task.attempt-failed", "task", task.id, "attempt", attempt.number,
                "outcome", outcome.label(), "reason", reason, "savedRef", savedRef);
        String saved = savedRef == null ? "" : " work kept at " + savedRef + ";";
        if (outcome.kind() == AttemptOutcome.Kind.STOPPED) {
            if (!interruptedByUser) {
                skip(task, reason);
            } else {
                context.console().warn("[orch] " + task.id + " attempt " + attempt.number + " stopped:" + saved
                        + " it runs again on resume");
            }
            return false;
        }
        int allowed = 1 + context.settings().maxRetries();
        String log = context.relative(context.layout().logFile(task.id));
        if (attempt.number < allowed) {
            context.console().warn("[orch] - " + task.id + " attempt " + attempt.number + " failed: " + reason + ";"
                    + saved + " retrying (" + (attempt.number + 1) + " of " + allowed + "). log: " + log);
            return true;
        }
        fail(task, reason);
        return false;
    }

    /** Commits what the agent left, then .DONE; returns the commit that holds the finished task. */
    /** Commits what the agent left together with .DONE (one commit); returns the commit that holds the task. */
    private String completeTask(TaskRecord task, Path worktree, AttemptRecord attempt) {
        Path done = worktree.resolve(task.folder).resolve(".DONE");
        if (!Files.exists(done)) {
            try {
                Files.createDirectories(done.getParent());
                // Same content whichever batch or attempt completes it, so reruns produce identical trees.
                Files.writeString(done, task.id + " completed by Orch\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new OrchFailure("cannot write " + done + ": " + e.getMessage(), e);
            }
        }
        context.workspace().commitCompletion(worktree, done, "orch: complete " + task.id + " (attempt "
                + attempt.number + "): the agent's uncommitted work and .DONE");
        return context.workspace().head(worktree);
    }

    private String saveAndReset(TaskRecord task, Path worktree, AttemptRecord attempt, String reason,
                                String laneBranch) {
        Workspace workspace = context.workspace();
        String ref = workspace.saveWork(worktree, attempt.startCommit,
                context.layout().attemptSavedRef(task.id, attempt.number),
                "orch: saved work of " + task.id + " attempt " + attempt.number + " (" + reason + ")").orElse(null);
        workspace.checkoutBranch(worktree, laneBranch); // the agent may have left it; its work is saved
        workspace.resetHard(worktree, attempt.startCommit);
        return ref;
    }

    private void fail(TaskRecord task, String reason) {
        String endedAt = Clock.now();
        context.recorder().update(state -> {
            task.status = TaskStatus.FAILED;
            task.endedAt = endedAt;
            task.exitReason = reason;
        });
        context.recorder().event("task.failed", "task", task.id, "reason", reason);
        context.console().error("[orch] x " + task.id + " failed: " + reason + ". log: "
                + context.relative(context.layout().logFile(task.id)));
        FailurePolicy.onTaskFailed(context, task.id);
    }

    private void skip(TaskRecord task, String reason) {
        context.recorder().update(state -> {
            task.status = TaskStatus.SKIPPED;
            task.exitReason = reason;
            task.endedAt = Clock.now();
        });
        context.recorder().event("task.skipped", "task", task.id, "reason", reason);
        context.console().warn("[orch] " + task.id + " skipped: " + reason);
    }

    private void failForError(TaskRecord task, RuntimeException e) {
        String reason = "orchestrator error: " + e.getMessage();
        context.recorder().update(state -> {
            task.status = TaskStatus.FAILED;
            task.exitReason = reason;
            task.endedAt = Clock.now();
            AttemptRecord last = task.lastAttempt();
            if (last != null && "running".equals(last.outcome)) {
                last.outcome = "failed";
                last.reason = reason;
                last.endedAt = task.endedAt;
            }
        });
        context.recorder().event("task.failed", "task", task.id, "reason", reason);
        context.console().error("[orch] x " + task.id + " failed: " + reason);
        FailurePolicy.onTaskFailed(context, task.id);
    }

    private void releaseSession(String session, RunFiles files) {
        // Whatever the agent left running (a server, a watcher) ends with its attempt, not with the batch.
        dev.orch.engine.sessions.ProcessGroups.terminate(dev.orch.engine.sessions.ProcessGroups.attempt(files.dir()),
                java.time.Duration.ofSeconds(3));
        // Only the session itself is left (tmux: a dead pane): removed off the lane's critical path, and done
        // before the lane's next attempt starts.
        sessionRemoval = java.util.concurrent.CompletableFuture.runAsync(() -> context.driver().discard(session));
    }

    private void awaitSessionRemoval() {
        if (sessionRemoval != null) {
            sessionRemoval.join();
            sessionRemoval = null;
        }
    }

    static Usage readUsage(RunFiles files) {
        Path file = files.usageFile();
        if (!Files.exists(file)) {
            return null;
        }
        try {
            var node = Json.mapper().readTree(file.toFile());
            return new Usage(node.path("inputTokens").asLong(0), node.path("outputTokens").asLong(0),
                    node.path("costUsd").asDouble(0));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void prepareRunDirectory(RunFiles files) {
        try {
            Files.createDirectories(files.dir());
            Files.deleteIfExists(files.exitFile());
            Files.deleteIfExists(files.pidFile());
        } catch (IOException e) {
            throw new OrchFailure("cannot prepare " + files.dir() + ": " + e.getMessage(), e);
        }
    }

    static void appendToLog(Path logFile, String line) {
        try {
            Files.createDirectories(logFile.getParent());
            Files.writeString(logFile, line + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the state records the reason anyway
        }
    }
}
