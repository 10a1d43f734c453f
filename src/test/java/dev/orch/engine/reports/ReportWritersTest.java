package dev.orch.engine.reports;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orch.engine.state.BatchState;
import dev.orch.engine.state.Json;
import dev.orch.engine.state.LaneRecord;
import dev.orch.engine.state.Phase;
import dev.orch.engine.state.TaskRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.orch.engine.reports.ReportFiles.children;
import static dev.orch.engine.reports.ReportFiles.elements;
import static dev.orch.engine.reports.ReportFiles.hasClass;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The writers on hand-built states: structure, escaping, and that no report problem ever escapes. */
class ReportWritersTest {
    @TempDir
    Path dir;

    @Test
    void everyAttemptIsOneBarAndEveryTaskOneRowAndNode() throws Exception {
        BatchState state = SyntheticStates.batch(3, 2, 2);
        assertEquals(List.of(), Reports.write(state, dir));
        Document html = ReportFiles.parse(Reports.htmlFile(dir));
        int attempts = state.tasks.values().stream().mapToInt(TaskRecord::attemptCount).sum();
        long bars = elements(html, "rect").stream().filter(r -> hasClass(r, "bar")).count();
        assertEquals(attempts, bars);
        assertEquals(state.tasks.size(), elements(html, "g").stream().filter(g -> hasClass(g, "node")).count());
        long edges = state.tasks.values().stream().mapToLong(t -> t.dependencies.size()).sum();
        assertEquals(edges, elements(html, "path").stream().filter(p -> hasClass(p, "edge")).count());
        // One timeline row per wave and lane.
        long rows = elements(html, "text").stream().filter(t -> hasClass(t, "row-label")).count();
        assertEquals(state.lanes.size(), rows);
        // Conflict files are listed, escaped.
        List<String> conflicts = elements(html, "code").stream().filter(c -> hasClass(c, "conflict"))
                .map(Element::getTextContent).toList();
        assertTrue(conflicts.contains("src/<a>.java") && conflicts.contains("b & c.txt"), conflicts.toString());
        // No log files exist here, so no log links.
        assertTrue(elements(html, "a").stream().noneMatch(a -> hasClass(a, "log")));
    }

    @Test
    void junitCountsMatchSummaryAndTextSurvivesXml() throws Exception {
        BatchState state = SyntheticStates.batch(2, 2, 3);
        String noisyLog = "line one\n\u001b[32mgreen\u001b[0m ]]> and ]]]]> \u0000\u0007 done\n";
        Files.createDirectories(dir.resolve("logs"));
        state.tasks.values().forEach(t -> {
            try {
                Files.writeString(dir.resolve("logs").resolve(t.id + ".log"), noisyLog);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertEquals(List.of(), Reports.write(state, dir));
        Document junit = ReportFiles.parse(Reports.junitFile(dir, state.batchId));
        JsonNode summary = Json.mapper().readTree(Reports.summaryFile(dir).toFile());
        Element suite = junit.getDocumentElement();
        assertEquals(summary.path("counts").path("total").asInt(), Integer.parseInt(suite.getAttribute("tests")));
        assertEquals(summary.path("counts").path("failed").asInt() + summary.path("counts").path("blocked").asInt(),
                Integer.parseInt(suite.getAttribute("failures")));
        boolean sawFailure = false;
        for (Element testCase : children(suite, "testcase")) {
            for (Element failure : children(testCase, "failure")) {
                sawFailure = true;
                String body = failure.getTextContent();
                assertTrue(body.contains("green ]]> and ]]]]> "), body);
                assertFalse(body.contains("\u001b") || body.contains("\u0000") || body.contains("\u0007"), body);
            }
        }
        assertTrue(sawFailure);
        // Every log link in the page resolves now that the logs exist.
        Document html = ReportFiles.parse(Reports.htmlFile(dir));
        for (Element a : elements(html, "a")) {
            assertTrue(Files.exists(dir.resolve(a.getAttribute("href"))), a.getAttribute("href"));
        }
        assertEquals(state.tasks.size(), elements(html, "a").stream().filter(a -> hasClass(a, "log")).count());
    }

    @Test
    void aMinimalStateStillGetsReports() throws Exception {
        BatchState state = new BatchState();
        state.batchId = "20261121-090000";
        state.phase = Phase.EXECUTING;
        assertEquals(List.of(), Reports.write(state, dir));
        Document junit = ReportFiles.parse(Reports.junitFile(dir, state.batchId));
        assertEquals("0", junit.getDocumentElement().getAttribute("tests"));
        ReportFiles.parse(Reports.htmlFile(dir));
        // A lane without tasks and a task without times or attempts.
        TaskRecord task = new TaskRecord();
        task.id = "X-1";
        state.tasks.put("X-1", task);
        LaneRecord lane = new LaneRecord();
        lane.wave = 1;
        lane.number = 1;
        lane.tasks.add("X-1");
        state.lanes.put(lane.key(), lane);
        state.wavePlan.add(List.of(lane.key()));
        assertEquals(List.of(), Reports.write(state, dir));
        ReportFiles.parse(Reports.htmlFile(dir));
    }

    @Test
    void aReportProblemIsAWarningNeverAnException() throws Exception {
        BatchState state = SyntheticStates.batch(1, 1, 1);
        Path notADirectory = dir.resolve("file");
        Files.writeString(notADirectory, "x");
        List<String> warnings = assertDoesNotThrow(() -> Reports.write(state, notADirectory));
        assertEquals(3, warnings.size(), warnings.toString());
        List<String> printed = new java.util.ArrayList<>();
        assertDoesNotThrow(() -> Reports.write(state, notADirectory, new dev.orch.engine.Console() {
            @Override public void info(String line) { printed.add(line); }
            @Override public void warn(String line) { printed.add(line); }
            @Override public void error(String line) { printed.add(line); }
        }));
        assertEquals(3, printed.size());
        assertTrue(printed.get(0).startsWith("[orch] could not write "), printed.get(0));
        // A console that throws is survived too.
        assertDoesNotThrow(() -> Reports.write(state, notADirectory, new dev.orch.engine.Console() {
            @Override public void info(String line) { throw new IllegalStateException(); }
            @Override public void warn(String line) { throw new IllegalStateException(); }
            @Override public void error(String line) { throw new IllegalStateException(); }
        }));
    }

    @Test
    void anEarlierBatchsJunitFileIsSetAsideSoCiDoesNotReportItAgain() throws Exception {
        BatchState first = SyntheticStates.batch(1, 1, 1);
        first.batchId = "20261121-070000";
        BatchState second = SyntheticStates.batch(1, 1, 1);
        second.batchId = "20261121-080000";
        BatchState third = SyntheticStates.batch(1, 1, 1);
        third.batchId = "20261121-090000";
        Reports.write(first, dir);
        Files.createDirectories(dir.resolve("history").resolve(first.batchId));
        assertEquals(List.of(), Reports.write(second, dir));
        assertTrue(Files.exists(dir.resolve("history").resolve(first.batchId).resolve("TEST-orch-20261121-070000.xml")));
        assertEquals(List.of(), Reports.write(third, dir));
        try (var files = Files.list(dir.resolve("junit"))) {
            assertEquals(List.of("TEST-orch-20261121-090000.xml"),
                    files.map(f -> f.getFileName().toString()).toList());
        }
    }

    @Test
    void htmlBuilderEscapesAndRefusesUnclosedMarkup() {
        Html h = new Html();
        h.open("p", "title", "a\"b<c>&'d\n");
        h.text("<x> & \u0001 \ud83d\ude00 \ud800");
        h.close();
        assertEquals("<p title=\"a&quot;b&lt;c&gt;&amp;&#39;d&#10;\">&lt;x&gt; &amp; \uFFFD \ud83d\ude00 \uFFFD</p>",
                h.toString());
        Html open = new Html().open("div");
        assertThrows(IllegalStateException.class, open::toString);
        assertThrows(IllegalArgumentException.class, () -> new Html().code("script", "a ]]> b"));
    }
}
