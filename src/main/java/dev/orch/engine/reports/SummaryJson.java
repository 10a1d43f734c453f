package dev.orch.engine.reports;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orch.engine.state.AttemptRecord;
import dev.orch.engine.state.BatchState;
import dev.orch.engine.state.Json;
import dev.orch.engine.state.LaneRecord;
import dev.orch.engine.state.MergeRecord;
import dev.orch.engine.state.TaskRecord;
import dev.orch.engine.state.Usage;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code summary.json}: the batch's outcome for machines (CI scripts, dashboards): counts, durations, every task
 * and attempt, merges, usage and integration. Stable field names; absent values are left out.
 */
final class SummaryJson {
    static final int SCHEMA_VERSION = 1;

    private SummaryJson() {
    }

    static byte[] render(ReportInput input) throws Exception {
        return Json.mapper().writeValueAsBytes(tree(input));
    }

    static ObjectNode tree(ReportInput input) {
        BatchState state = input.state;
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("generatedAt", input.now.toString());
        put(root, "batchId", state.batchId);
        root.put("phase", state.phase.label());
        put(root, "baseBranch", state.baseBranch);
        put(root, "integrationBranch", state.integrationBranch);
        put(root, "driver", state.driver);
        put(root, "startedAt", state.startedAt);
        put(root, "endedAt", state.endedAt);
        root.put("durationSeconds", ReportInput.seconds(input.batchDuration()));
        ObjectNode counts = root.putObject("counts");
        for (Map.Entry<String, Integer> entry : state.counters.entrySet()) {
            counts.put(entry.getKey(), entry.getValue());
        }
        counts.put("attempts", state.tasks.values().stream().mapToInt(TaskRecord::attemptCount).sum());
        JunitReport.Counts junit = JunitReport.counts(state);
        ObjectNode junitNode = root.putObject("junit");
        junitNode.put("tests", junit.tests());
        junitNode.put("failures", junit.failures());
        junitNode.put("errors", 0);
        junitNode.put("skipped", junit.skipped());
        junitNode.put("file", "junit/" + JunitReport.fileName(state.batchId));
        root.set("usage", usage(state.usage));
        root.put("waves", state.wavePlan.size());
        root.put("mergedWave", state.mergedWave);
        ArrayNode lanes = root.putArray("lanes");
        for (List<String> wave : state.wavePlan) {
            for (String key : wave) {
                LaneRecord lane = state.lanes.get(key);
                ObjectNode node = lanes.addObject();
                node.put("key", key);
                node.put("wave", lane.wave);
                node.put("lane", lane.number);
                put(node, "branch", lane.branch);
                put(node, "status", lane.status);
                ArrayNode tasks = node.putArray("tasks");
                lane.tasks.forEach(tasks::add);
            }
        }
        ArrayNode tasks = root.putArray("tasks");
        for (TaskRecord task : state.tasks.values()) {
            tasks.add(task(input, task));
        }
        ArrayNode merges = root.putArray("merges");
        for (MergeRecord merge : state.mergeResults) {
            ObjectNode node = merges.addObject();
            node.put("wave", merge.wave);
            node.put("lane", merge.lane);
            put(node, "branch", merge.branch);
            put(node, "status", merge.status);
            ArrayNode files = node.putArray("conflictFiles");
            if (merge.conflictFiles != null) {
                merge.conflictFiles.forEach(files::add);
            }
            put(node, "mergeCommit", merge.mergeCommit);
            put(node, "message", merge.message);
            put(node, "at", merge.at);
            node.put("filesChanged", merge.filesChanged);
        }
        put(root, "integrationResult", state.integrationResult);
        put(root, "stopReason", state.stopReason);
        ArrayNode errors = root.putArray("errors");
        if (state.errors != null) {
            state.errors.forEach(errors::add);
        }
        return root;
    }

    private static ObjectNode task(ReportInput input, TaskRecord task) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("id", task.id);
        put(node, "name", task.name);
        put(node, "area", task.area);
        node.put("status", task.status.label());
        node.put("wave", task.wave);
        node.put("lane", task.lane);
        node.put("attempts", task.attemptCount());
        ArrayNode dependencies = node.putArray("dependencies");
        task.dependencies.forEach(dependencies::add);
        put(node, "startedAt", task.startedAt);
        put(node, "endedAt", task.endedAt);
        Duration duration = input.taskDuration(task);
        if (duration != null) {
            node.put("durationSeconds", ReportInput.seconds(duration));
        }
        put(node, "exitReason", task.exitReason);
        put(node, "doneCommit", task.doneCommit);
        put(node, "log", input.logLink(task.id));
        node.set("usage", usage(task.usageTotal()));
        ArrayNode attempts = node.putArray("attemptRecords");
        for (AttemptRecord attempt : task.attempts) {
            ObjectNode a = attempts.addObject();
            a.put("number", attempt.number);
            put(a, "outcome", attempt.outcome);
            if (attempt.exitCode != null) {
                a.put("exitCode", attempt.exitCode);
            }
            put(a, "reason", attempt.reason);
            put(a, "savedRef", attempt.savedRef);
            put(a, "session", attempt.session);
            put(a, "startedAt", attempt.startedAt);
            put(a, "endedAt", attempt.endedAt);
            Duration attemptDuration = input.attemptDuration(attempt);
            if (attemptDuration != null) {
                a.put("durationSeconds", ReportInput.seconds(attemptDuration));
            }
            if (attempt.usage != null) {
                a.set("usage", usage(attempt.usage));
            }
        }
        return node;
    }

    private static ObjectNode usage(Usage usage) {
        ObjectNode node = Json.mapper().createObjectNode();
        Usage value = usage == null ? new Usage() : usage;
        node.put("inputTokens", value.inputTokens);
        node.put("outputTokens", value.outputTokens);
        node.put("costUsd", value.costUsd);
        return node;
    }

    private static void put(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }
}
