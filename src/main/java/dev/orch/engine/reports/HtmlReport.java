package dev.orch.engine.reports;

import dev.orch.engine.state.AttemptRecord;
import dev.orch.engine.state.BatchState;
import dev.orch.engine.state.LaneRecord;
import dev.orch.engine.state.MergeRecord;
import dev.orch.engine.state.TaskRecord;
import dev.orch.engine.state.TaskStatus;
import dev.orch.engine.state.Usage;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code report.html}: one self-contained page (inline CSS, SVG and a few lines of script; nothing is fetched from
 * anywhere) with the lanes' timeline, the dependency graph, the task table, the merges and the usage. Every piece
 * of task text is escaped by {@link Html}; the page is well-formed XML as well as HTML.
 */
final class HtmlReport {
    static final Set<String> OUTCOMES = Set.of("succeeded", "failed", "timeout", "stalled", "interrupted", "running",
            "spawn-failed", "lost");

    private static final int CHART_LEFT = 130;
    private static final int CHART_WIDTH = 840;
    private static final int ROW = 28;
    private static final int AXIS = 34;

    private HtmlReport() {
    }

    static byte[] render(ReportInput input) {
        return html(input).getBytes(StandardCharsets.UTF_8);
    }

    static String html(ReportInput input) {
        BatchState state = input.state;
        Html h = new Html();
        h.raw("<!DOCTYPE html>\n");
        h.open("html", "lang", "en");
        h.open("head");
        h.empty("meta", "charset", "utf-8");
        h.empty("meta", "name", "viewport", "content", "width=device-width, initial-scale=1");
        h.element("title", "Orch batch " + state.batchId + " - " + state.phase.label());
        h.code("style", Assets.CSS);
        h.close("head");
        h.open("body", "data-live", String.valueOf(live(state)));
        header(h, input);
        cards(h, input);
        timeline(h, input);
        graph(h, input);
        tasks(h, input);
        merges(h, input);
        h.open("footer");
        h.text("Written by Orch at " + time(input.now.toString()) + (live(state) ? " - this page reloads itself while the batch runs"
                : "") + ". Machine-readable: ");
        h.element("a", "summary.json", "href", "summary.json");
        h.text(", ");
        h.element("a", "JUnit XML", "href", "junit/" + JunitReport.fileName(state.batchId));
        if (java.nio.file.Files.isRegularFile(input.stateDirectory.resolve("events.jsonl"))) {
            h.text(", ");
            h.element("a", "events.jsonl", "href", "events.jsonl");
        }
        h.text(".");
        h.close("footer");
        h.code("script", Assets.JS);
        h.close("body");
        h.close("html");
        return h.toString();
    }

    private static boolean live(BatchState state) {
        return state.phase.active() && state.phase != dev.orch.engine.state.Phase.PAUSED;
    }

    private static void header(Html h, ReportInput input) {
        BatchState state = input.state;
        h.open("header");
        h.open("h1");
        h.text("Orch batch " + state.batchId + " ");
        h.element("span", state.phase.label(), "class", "badge phase-" + state.phase.label());
        h.close("h1");
        h.open("p", "class", "meta");
        h.text("base ");
        h.element("code", state.baseBranch);
        h.text(" - integration branch ");
        h.element("code", state.integrationBranch);
        h.text(" - driver " + state.driver + " - started " + time(state.startedAt) + " - "
                + (state.endedAt != null ? "ended " + time(state.endedAt) : "updated " + time(state.updatedAt))
                + " - duration " + ReportInput.format(input.batchDuration()));
        h.close("p");
        if (state.integrationResult != null) {
            h.open("p", "class", "note");
            h.text("Integration: " + state.integrationResult);
            h.close("p");
        }
        if (state.phase == dev.orch.engine.state.Phase.PAUSED) {
            String why = null;
            for (ReportInput.Event event : input.events) {
                if ("batch.paused".equals(event.type())) {
                    why = event.reason();
                }
            }
            h.open("p", "class", "note bad");
            h.text("Paused" + (why == null ? "." : ": " + why) + " Continue with mvn orch:resume, or clean up with"
                    + " mvn orch:abort.");
            h.close("p");
        }
        if (state.stopReason != null) {
            h.open("p", "class", "note bad");
            h.text("Stopped early: " + state.stopReason);
            h.close("p");
        }
        if (state.errors != null) {
            for (String error : state.errors) {
                h.open("p", "class", "note bad");
                h.text(error);
                h.close("p");
            }
        }
        h.close("header");
    }

    private static void cards(Html h, ReportInput input) {
        BatchState state = input.state;
        h.open("section", "class", "cards");
        card(h, "tasks", String.valueOf(state.tasks.size()), "total");
        for (String status : List.of("succeeded", "failed", "blocked", "skipped", "running", "pending")) {
            int count = state.counters.getOrDefault(status, 0);
            if (count > 0 || status.equals("succeeded") || status.equals("failed")) {
                card(h, status, String.valueOf(count), "s-" + status);
            }
        }
        int attempts = state.tasks.values().stream().mapToInt(TaskRecord::attemptCount).sum();
        card(h, "attempts", String.valueOf(attempts), "total");
        Usage usage = state.usage == null ? new Usage() : state.usage;
        card(h, "input tokens", String.format(Locale.ROOT, "%,d", usage.inputTokens), "usage");
        card(h, "output tokens", String.format(Locale.ROOT, "%,d", usage.outputTokens), "usage");
        card(h, "cost", String.format(Locale.ROOT, "$%.4f", usage.costUsd), "usage");
        h.close("section");
    }

    private static void card(Html h, String label, String value, String kind) {
        h.open("div", "class", "card " + kind);
        h.element("div", value, "class", "value");
        h.element("div", label, "class", "label");
        h.close("div");
    }

    // ---------------------------------------------------------------- timeline

    private static void timeline(Html h, ReportInput input) {
        BatchState state = input.state;
        h.open("section", "id", "timeline");
        h.element("h2", "Timeline");
        legend(h);
        List<LaneRecord> rows = new ArrayList<>();
        for (List<String> wave : state.wavePlan) {
            for (String key : wave) {
                rows.add(state.lanes.get(key));
            }
        }
        Instant start = input.batchStart();
        Instant end = input.batchEnd();
        for (TaskRecord task : state.tasks.values()) {
            for (AttemptRecord attempt : task.attempts) {
                Instant attemptEnd = input.attemptEnd(attempt);
                if (attemptEnd.isAfter(end)) {
                    end = attemptEnd;
                }
            }
        }
        long span = Math.max(1, Duration.between(start, end).toMillis());
        Scale x = new Scale(start, span);
        int height = AXIS + rows.size() * ROW + 10;
        h.open("div", "class", "scroll");
        h.open("svg", "class", "chart", "viewBox", "0 0 " + (CHART_LEFT + CHART_WIDTH + 20) + " " + height,
                "width", String.valueOf(CHART_LEFT + CHART_WIDTH + 20), "height", String.valueOf(height),
                "role", "img", "aria-label", "timeline of lanes and attempts");
        axis(h, x, span, height);
        int y = AXIS;
        int previousWave = 0;
        for (LaneRecord lane : rows) {
            if (lane.wave != previousWave) {
                h.empty("line", "class", "wave-sep", "x1", "0", "x2", String.valueOf(CHART_LEFT + CHART_WIDTH + 20),
                        "y1", String.valueOf(y), "y2", String.valueOf(y));
                previousWave = lane.wave;
            }
            if ((rows.indexOf(lane) % 2) == 1) {
                h.empty("rect", "class", "row-alt", "x", "0", "y", String.valueOf(y),
                        "width", String.valueOf(CHART_LEFT + CHART_WIDTH + 20), "height", String.valueOf(ROW));
            }
            h.element("text", "wave " + lane.wave + " - lane " + lane.number, "class", "row-label",
                    "x", "6", "y", String.valueOf(y + ROW / 2 + 4));
            for (String taskId : lane.tasks) {
                TaskRecord task = state.tasks.get(taskId);
                if (task == null) {
                    continue;
                }
                for (AttemptRecord attempt : task.attempts) {
                    bar(h, input, x, y, task, attempt);
                }
            }
            y += ROW;
        }
        waveMarks(h, input, x, height);
        mergeMarks(h, input, x, rows);
        h.close("svg");
        h.close("div");
        h.close("section");
    }

    private static void legend(Html h) {
        h.open("p", "class", "legend");
        for (String outcome : List.of("succeeded", "failed", "timeout", "stalled", "interrupted", "running")) {
            h.element("span", outcome, "class", "key o-" + outcome);
        }
        h.element("span", "wave start / wave merged", "class", "key wave-key");
        h.element("span", "merge", "class", "key merge-key");
        h.close("p");
    }

    private record Scale(Instant start, long span) {
        double at(Instant instant) {
            long millis = Duration.between(start, instant).toMillis();
            double fraction = Math.max(0, Math.min(1, millis / (double) span));
            return CHART_LEFT + fraction * CHART_WIDTH;
        }
    }

    private static void axis(Html h, Scale x, long span, int height) {
        long step = niceStep(span / 6.0);
        for (long t = 0; t <= span; t += step) {
            double px = CHART_LEFT + t / (double) span * CHART_WIDTH;
            h.empty("line", "class", "tick", "x1", num(px), "x2", num(px), "y1", String.valueOf(AXIS - 6),
                    "y2", String.valueOf(height - 6));
            h.element("text", "+" + ReportInput.format(Duration.ofMillis(t)), "class", "tick-label",
                    "x", num(px), "y", String.valueOf(AXIS - 10));
        }
    }

    private static long niceStep(double raw) {
        long[] steps = {500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000,
                1_800_000, 3_600_000, 7_200_000};
        for (long step : steps) {
            if (step >= raw) {
                return step;
            }
        }
        return (long) Math.ceil(raw / 3_600_000) * 3_600_000;
    }

    private static void bar(Html h, ReportInput input, Scale x, int y, TaskRecord task, AttemptRecord attempt) {
        Instant from = ReportInput.instant(attempt.startedAt);
        if (from == null) {
            from = input.batchStart();
        }
        Instant to = input.attemptEnd(attempt);
        double x1 = x.at(from);
        double width = Math.max(3, x.at(to) - x1);
        String outcome = outcome(attempt);
        String tooltip = task.id + " attempt " + attempt.number + ": " + outcome
                + (attempt.exitCode == null ? "" : " (exit " + attempt.exitCode + ")")
                + " - " + ReportInput.format(input.attemptDuration(attempt))
                + (attempt.reason == null ? "" : " - " + attempt.reason)
                + (attempt.savedRef == null ? "" : " - work kept at " + attempt.savedRef);
        h.open("g", "class", "attempt", "data-task", task.id);
        h.open("rect", "class", "bar o-" + outcome, "data-task", task.id,
                "data-attempt", task.id + "#" + attempt.number, "x", num(x1), "y", String.valueOf(y + 5),
                "width", num(width), "height", String.valueOf(ROW - 10), "rx", "3");
        h.element("title", tooltip);
        h.close("rect");
        if (width > 8 * (task.id.length() + 3)) {
            h.element("text", task.id + (attempt.number > 1 ? " #" + attempt.number : ""), "class", "bar-label",
                    "x", num(x1 + 4), "y", String.valueOf(y + ROW / 2 + 4));
        }
        h.close("g");
    }

    static String outcome(AttemptRecord attempt) {
        String outcome = attempt.outcome == null ? "running" : attempt.outcome;
        return OUTCOMES.contains(outcome) ? outcome : "other";
    }

    private static void waveMarks(Html h, ReportInput input, Scale x, int height) {
        Map<Integer, Instant> started = new LinkedHashMap<>();
        Map<Integer, Instant> merged = new LinkedHashMap<>();
        for (ReportInput.Event event : input.events) {
            if ("wave.started".equals(event.type())) {
                started.putIfAbsent(event.wave(), event.ts());
            } else if ("wave.merged".equals(event.type())) {
                merged.put(event.wave(), event.ts());
            }
        }
        if (started.isEmpty()) {
            // No events file (or an old one): a wave starts with its first attempt.
            for (TaskRecord task : input.state.tasks.values()) {
                for (AttemptRecord attempt : task.attempts) {
                    Instant at = ReportInput.instant(attempt.startedAt);
                    if (at != null) {
                        started.merge(task.wave, at, (a, b) -> a.isBefore(b) ? a : b);
                    }
                }
            }
        }
        started.forEach((wave, at) -> waveLine(h, x.at(at), height, "wave-start", "wave " + wave + " started at "
                + at, "w" + wave));
        merged.forEach((wave, at) -> waveLine(h, x.at(at), height, "wave-merged", "wave " + wave + " merged at "
                + at, null));
    }

    private static void waveLine(Html h, double px, int height, String kind, String title, String label) {
        h.open("g", "class", kind);
        h.open("line", "x1", num(px), "x2", num(px), "y1", String.valueOf(AXIS - 4), "y2", String.valueOf(height));
        h.element("title", title);
        h.close("line");
        if (label != null) {
            h.element("text", label, "class", "wave-label", "x", num(px + 3), "y", String.valueOf(AXIS + 10));
        }
        h.close("g");
    }

    private static void mergeMarks(Html h, ReportInput input, Scale x, List<LaneRecord> rows) {
        for (MergeRecord merge : input.state.mergeResults) {
            Instant at = ReportInput.instant(merge.at);
            if (at == null) {
                continue;
            }
            int row = -1;
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).wave == merge.wave && rows.get(i).number == merge.lane) {
                    row = i;
                }
            }
            if (row < 0) {
                continue;
            }
            double cx = x.at(at);
            double cy = AXIS + row * ROW + ROW / 2.0;
            String points = num(cx) + "," + num(cy - 7) + " " + num(cx + 6) + "," + num(cy) + " " + num(cx) + ","
                    + num(cy + 7) + " " + num(cx - 6) + "," + num(cy);
            h.open("polygon", "class", "merge m-" + ("merged".equals(merge.status) ? "ok" : "bad"),
                    "points", points);
            h.element("title", "merge wave " + merge.wave + " lane " + merge.lane + ": " + merge.status + " at "
                    + merge.at + (merge.conflictFiles == null || merge.conflictFiles.isEmpty() ? ""
                    : " - conflicts: " + String.join(", ", merge.conflictFiles)));
            h.close("polygon");
        }
    }

    // ---------------------------------------------------------------- dependency graph

    private static void graph(Html h, ReportInput input) {
        BatchState state = input.state;
        h.open("section", "id", "graph");
        h.element("h2", "Dependencies");
        Map<String, double[]> positions = new LinkedHashMap<>();
        int columnWidth = 210;
        int nodeWidth = 160;
        int nodeHeight = 38;
        int gap = 14;
        int rowsMax = 0;
        for (int wave = 1; wave <= state.wavePlan.size(); wave++) {
            int index = 0;
            for (LaneRecord lane : state.lanesOfWave(wave)) {
                for (String id : lane.tasks) {
                    positions.put(id, new double[] {20 + (wave - 1) * columnWidth, 40 + index * (nodeHeight + gap)});
                    index++;
                }
            }
            rowsMax = Math.max(rowsMax, index);
        }
        int width = Math.max(400, 20 + state.wavePlan.size() * columnWidth);
        int height = 50 + rowsMax * (nodeHeight + gap);
        h.open("div", "class", "scroll");
        h.open("svg", "class", "graph", "viewBox", "0 0 " + width + " " + height, "width", String.valueOf(width),
                "height", String.valueOf(height), "role", "img", "aria-label", "task dependency graph by wave");
        for (int wave = 1; wave <= state.wavePlan.size(); wave++) {
            h.element("text", "wave " + wave, "class", "col-label", "x", String.valueOf(20 + (wave - 1) * columnWidth),
                    "y", "24");
        }
        for (TaskRecord task : state.tasks.values()) {
            double[] to = positions.get(task.id);
            for (String dependency : task.dependencies) {
                double[] from = positions.get(dependency);
                if (from == null || to == null) {
                    continue;
                }
                double x1 = from[0] + nodeWidth;
                double y1 = from[1] + nodeHeight / 2.0;
                double x2 = to[0];
                double y2 = to[1] + nodeHeight / 2.0;
                double bend = Math.max(30, (x2 - x1) / 2);
                h.open("path", "class", "edge", "data-from", dependency, "data-to", task.id,
                        "d", "M" + num(x1) + " " + num(y1) + " C" + num(x1 + bend) + " " + num(y1) + " "
                                + num(x2 - bend) + " " + num(y2) + " " + num(x2) + " " + num(y2));
                h.element("title", task.id + " depends on " + dependency);
                h.close("path");
            }
        }
        for (TaskRecord task : state.tasks.values()) {
            double[] at = positions.get(task.id);
            if (at == null) {
                continue;
            }
            h.open("g", "class", "node s-" + task.status.label(), "data-task", task.id);
            h.open("rect", "x", num(at[0]), "y", num(at[1]), "width", String.valueOf(nodeWidth),
                    "height", String.valueOf(nodeHeight), "rx", "6");
            h.element("title", task.id + " - " + nullToDash(task.name) + " (" + task.status.label() + ")");
            h.close("rect");
            h.element("text", task.id, "class", "node-id", "x", num(at[0] + 8), "y", num(at[1] + 15));
            h.element("text", shorten(task.name, 24), "class", "node-name", "x", num(at[0] + 8), "y",
                    num(at[1] + 30));
            h.close("g");
        }
        h.close("svg");
        h.close("div");
        h.close("section");
    }

    // ---------------------------------------------------------------- tables

    private static void tasks(Html h, ReportInput input) {
        BatchState state = input.state;
        h.open("section", "id", "tasks");
        h.element("h2", "Tasks");
        h.empty("input", "id", "filter", "type", "search", "placeholder", "filter tasks (id, name, status...)");
        h.open("table", "class", "tasks");
        h.open("thead");
        h.open("tr");
        for (String title : List.of("Task", "Name", "Area", "Status", "Wave", "Lane", "Attempts", "Duration",
                "Tokens in/out", "Cost", "Log", "Reason")) {
            h.element("th", title);
        }
        h.close("tr");
        h.close("thead");
        h.open("tbody");
        for (TaskRecord task : state.tasks.values()) {
            h.open("tr", "id", "task-" + task.id, "data-task", task.id, "class", "s-" + task.status.label());
            h.element("td", task.id, "class", "id");
            h.open("td");
            h.text(task.name);
            List<String> outside = task.dependencies.stream().filter(d -> !state.tasks.containsKey(d)).toList();
            if (!task.dependencies.isEmpty()) {
                h.element("div", "after " + String.join(", ", task.dependencies)
                        + (outside.isEmpty() ? "" : " (" + String.join(", ", outside) + " done before)"), "class",
                        "deps");
            }
            h.close("td");
            h.element("td", task.area);
            h.open("td");
            h.element("span", task.status.label(), "class", "badge s-" + task.status.label());
            h.close("td");
            h.element("td", task.wave, "class", "num");
            h.element("td", task.lane, "class", "num");
            h.open("td", "class", "num");
            h.text(task.attemptCount());
            for (AttemptRecord attempt : task.attempts) {
                h.open("span", "class", "dot o-" + outcome(attempt));
                h.element("span", "attempt " + attempt.number + ": " + outcome(attempt)
                        + (attempt.savedRef == null ? "" : ", work kept at " + attempt.savedRef), "class", "tip");
                h.close("span");
            }
            h.close("td");
            h.element("td", ReportInput.format(input.taskDuration(task)), "class", "num");
            Usage usage = task.usageTotal();
            h.element("td", usage.isEmpty() ? "-" : String.format(Locale.ROOT, "%,d / %,d", usage.inputTokens,
                    usage.outputTokens), "class", "num");
            h.element("td", usage.isEmpty() ? "-" : String.format(Locale.ROOT, "$%.4f", usage.costUsd), "class",
                    "num");
            h.open("td");
            String link = input.logLink(task.id);
            if (link != null) {
                h.element("a", "log", "class", "log", "href", link);
            } else {
                h.text("-");
            }
            h.close("td");
            h.element("td", task.exitReason == null ? "" : task.exitReason, "class", "reason");
            h.close("tr");
        }
        h.close("tbody");
        h.close("table");
        h.close("section");
    }

    private static void merges(Html h, ReportInput input) {
        BatchState state = input.state;
        h.open("section", "id", "merges");
        h.element("h2", "Merges");
        if (state.mergeResults.isEmpty()) {
            h.element("p", "No lane has been merged yet.", "class", "note");
            h.close("section");
            return;
        }
        h.open("table", "class", "merges");
        h.open("thead");
        h.open("tr");
        for (String title : List.of("Wave", "Lane", "Branch", "Status", "Files", "Conflicts", "Message", "At")) {
            h.element("th", title);
        }
        h.close("tr");
        h.close("thead");
        h.open("tbody");
        for (MergeRecord merge : state.mergeResults) {
            h.open("tr", "class", "merge-row m-" + ("merged".equals(merge.status) ? "ok" : "bad"));
            h.element("td", merge.wave, "class", "num");
            h.element("td", merge.lane, "class", "num");
            h.open("td");
            h.element("code", merge.branch);
            h.close("td");
            h.open("td");
            h.element("span", merge.status, "class", "badge m-" + ("merged".equals(merge.status) ? "ok" : "bad"));
            h.close("td");
            h.element("td", merge.filesChanged, "class", "num");
            h.open("td");
            if (merge.conflictFiles != null) {
                for (String file : merge.conflictFiles) {
                    h.element("code", file, "class", "conflict");
                    h.raw(" ");
                }
            }
            h.close("td");
            h.element("td", merge.message == null ? "" : merge.message);
            h.element("td", time(merge.at));
            h.close("tr");
        }
        h.close("tbody");
        h.close("table");
        h.close("section");
    }

    private static String shorten(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, max - 1) + "\u2026";
    }

    private static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(java.time.ZoneOffset.UTC);

    /** A recorded instant for people: to the second, in UTC. */
    static String time(String instant) {
        Instant parsed = ReportInput.instant(instant);
        return parsed == null ? "-" : TIME.format(parsed);
    }

    private static String nullToDash(String text) {
        return text == null ? "-" : text;
    }

    /** One decimal, without String.format (the page has thousands of coordinates). */
    static String num(double value) {
        long tenths = Math.round(value * 10);
        String sign = tenths < 0 ? "-" : "";
        tenths = Math.abs(tenths);
        return sign + tenths / 10 + "." + tenths % 10;
    }

    static boolean isRunning(TaskRecord task) {
        return task.status == TaskStatus.RUNNING;
    }
}
