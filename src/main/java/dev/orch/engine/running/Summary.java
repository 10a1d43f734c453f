package dev.orch.engine.running;

import dev.orch.engine.reports.Reports;
import dev.orch.engine.state.BatchState;
import dev.orch.engine.state.TaskRecord;
import dev.orch.engine.state.TaskStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The table printed when a batch ends, and the closing message with the next command. */
final class Summary {
    private Summary() {
    }

    static void print(BatchState state, BatchContext context, String integration, List<String> kept) {
        List<String> lines = new ArrayList<>();
        synchronized (state) {
            lines.add("[orch] batch " + state.batchId + " " + state.phase.label() + " after "
                    + BatchRunner.elapsed(state.startedAt) + ": " + counts(state));
            lines.add(String.format(Locale.ROOT, "  %-14s %-10s %4s %4s %8s %9s  %s", "TASK", "STATUS", "WAVE",
                    "LANE", "ATTEMPTS", "DURATION", "LOG / REASON"));
            for (TaskRecord task : state.tasks.values()) {
                String detail = task.status == TaskStatus.SUCCEEDED
                        ? context.relative(context.layout().logFile(task.id))
                        : task.exitReason + (task.attempts.isEmpty() ? ""
                        : " (log: " + context.relative(context.layout().logFile(task.id)) + ")");
                lines.add(String.format(Locale.ROOT, "  %-14s %-10s %4d %4d %8d %9s  %s", task.id,
                        task.status.label(), task.wave, task.lane, task.attemptCount(),
                        Clock.duration(task.startedAt, task.endedAt), detail));
            }
            if (state.usage != null && (state.usage.inputTokens > 0 || state.usage.outputTokens > 0
                    || state.usage.costUsd > 0)) {
                lines.add(String.format(Locale.ROOT, "  usage: %d input tokens, %d output tokens, $%.4f",
                        state.usage.inputTokens, state.usage.outputTokens, state.usage.costUsd));
            }
        }
        lines.add("[orch] integration: " + integration);
        lines.add("[orch] report: " + context.relative(Reports.htmlFile(context.layout().stateDirectory()))
                + ", JUnit: " + context.relative(Reports.junitFile(context.layout().stateDirectory(), state.batchId)));
        if (!kept.isEmpty()) {
            lines.add("[orch] kept for you: " + String.join(", ", kept));
        }
        lines.forEach(context.console()::info);
    }

    static String counts(BatchState state) {
        return state.counters.getOrDefault("succeeded", 0) + " succeeded, "
                + state.counters.getOrDefault("failed", 0) + " failed, "
                + state.counters.getOrDefault("blocked", 0) + " blocked, "
                + state.counters.getOrDefault("skipped", 0) + " skipped";
    }

    static String closingMessage(BatchState state, BatchLayout layout, Integrator.Result integration,
                                 List<String> kept) {
        synchronized (state) {
            StringBuilder message = new StringBuilder("Batch " + state.batchId + " " + state.phase.label() + ": "
                    + counts(state) + ".");
            if (state.stopReason != null) {
                message.append(" Stopped early: ").append(state.stopReason).append('.');
            }
            if (!integration.integrated()) {
                message.append(" ").append(integration.message()).append('.');
            }
            boolean anyFailed = state.tasks.values().stream().anyMatch(t -> t.status == TaskStatus.FAILED);
            List<String> unmerged = state.lanes.values().stream().filter(l -> "merge-failed".equals(l.status))
                    .map(l -> l.branch).toList();
            boolean notRun = state.tasks.values().stream()
                    .anyMatch(t -> t.status == TaskStatus.BLOCKED || t.status == TaskStatus.SKIPPED);
            if (anyFailed) {
                message.append(" Fix the failed tasks (see their logs under target/orchestrate/logs), then run")
                        .append(" `mvn orch:run` again: completed tasks are not run twice.");
            } else if (!unmerged.isEmpty()) {
                message.append(" The work of ").append(String.join(", ", unmerged)).append(" did not merge;")
                        .append(" merge it yourself (git merge <branch>, it carries the tasks' .DONE), then run")
                        .append(" `mvn orch:run` for what is still pending.");
            } else if (notRun) {
                message.append(" Tasks that did not run are still pending: `mvn orch:run` runs them.");
            }
            if (!kept.isEmpty() && (anyFailed || !unmerged.isEmpty() || notRun)) {
                message.append(" Unmerged work is kept on ").append(String.join(", ", kept)).append('.');
            }
            return message.toString();
        }
    }
}
