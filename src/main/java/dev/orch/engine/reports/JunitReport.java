package dev.orch.engine.reports;

import dev.orch.engine.state.BatchState;
import dev.orch.engine.state.TaskRecord;
import dev.orch.engine.state.TaskStatus;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code junit/TEST-orch-<batchId>.xml}: the batch as one JUnit test suite, the format Jenkins, GitLab and GitHub
 * test reporters read. A task is a test case; failed and blocked tasks are failures (reason and log tail), skipped
 * tasks and tasks a paused batch has not finished are skipped.
 */
final class JunitReport {
    /** What a suite counts; summary.json carries the same numbers. */
    record Counts(int tests, int failures, int skipped) {
    }

    private JunitReport() {
    }

    static String fileName(String batchId) {
        return "TEST-orch-" + batchId + ".xml";
    }

    static Counts counts(BatchState state) {
        int failures = 0;
        int skipped = 0;
        for (TaskRecord task : state.tasks.values()) {
            if (task.status == TaskStatus.FAILED || task.status == TaskStatus.BLOCKED) {
                failures++;
            } else if (task.status != TaskStatus.SUCCEEDED) {
                skipped++;
            }
        }
        return new Counts(state.tasks.size(), failures, skipped);
    }

    static byte[] render(ReportInput input) throws Exception {
        BatchState state = input.state;
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        Document document = factory.newDocumentBuilder().newDocument();
        Counts counts = counts(state);
        Element suite = document.createElement("testsuite");
        document.appendChild(suite);
        suite.setAttribute("name", "orch." + state.batchId);
        suite.setAttribute("tests", String.valueOf(counts.tests()));
        suite.setAttribute("failures", String.valueOf(counts.failures()));
        suite.setAttribute("errors", "0");
        suite.setAttribute("skipped", String.valueOf(counts.skipped()));
        suite.setAttribute("time", seconds(input.batchDuration()));
        suite.setAttribute("timestamp", timestamp(state.startedAt));
        Element properties = document.createElement("properties");
        suite.appendChild(properties);
        property(document, properties, "orch.batchId", state.batchId);
        property(document, properties, "orch.phase", state.phase.label());
        property(document, properties, "orch.baseBranch", state.baseBranch);
        property(document, properties, "orch.integrationBranch", state.integrationBranch);
        property(document, properties, "orch.integrationResult", state.integrationResult);
        for (TaskRecord task : state.tasks.values()) {
            suite.appendChild(testCase(document, input, task));
        }
        TransformerFactory transformers = TransformerFactory.newInstance();
        Transformer transformer = transformers.newTransformer();
        transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        transformer.setOutputProperty(OutputKeys.INDENT, "yes");
        transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        transformer.transform(new DOMSource(document), new StreamResult(out));
        return out.toByteArray();
    }

    private static Element testCase(Document document, ReportInput input, TaskRecord task) {
        Element testCase = document.createElement("testcase");
        testCase.setAttribute("classname", "orch." + clean(task.area == null || task.area.isBlank() ? "tasks"
                : task.area));
        testCase.setAttribute("name", clean(task.id + (task.name == null || task.name.isBlank() ? ""
                : " " + task.name)));
        testCase.setAttribute("time", seconds(input.taskDuration(task)));
        String reason = task.exitReason == null ? task.status.label() : task.exitReason;
        switch (task.status) {
            case SUCCEEDED -> {
            }
            case FAILED, BLOCKED -> {
                Element failure = document.createElement("failure");
                failure.setAttribute("message", clean(task.status == TaskStatus.BLOCKED ? "blocked: " + reason
                        : reason));
                failure.setAttribute("type", task.status.label());
                StringBuilder body = new StringBuilder(task.status.label()).append(": ").append(reason).append('\n')
                        .append("attempts: ").append(task.attemptCount()).append('\n');
                String tail = LogTail.of(input.logFile(task.id), LogTail.LINES);
                if (tail != null) {
                    body.append("\nlast ").append(LogTail.LINES).append(" lines of logs/").append(task.id)
                            .append(".log:\n").append(tail).append('\n');
                }
                appendCdata(document, failure, clean(body.toString()));
                testCase.appendChild(failure);
            }
            case SKIPPED -> testCase.appendChild(skipped(document, "skipped: " + reason));
            case RUNNING -> testCase.appendChild(skipped(document, "still running when this report was written"
                    + " (batch " + input.state.phase.label() + ")"));
            case PENDING -> testCase.appendChild(skipped(document, "not run yet (batch "
                    + input.state.phase.label() + ")"));
        }
        return testCase;
    }

    private static Element skipped(Document document, String message) {
        Element skipped = document.createElement("skipped");
        skipped.setAttribute("message", clean(message));
        return skipped;
    }

    /** CDATA sections split around every "]]>" so the text survives whole. */
    static void appendCdata(Document document, Element parent, String text) {
        int from = 0;
        int at;
        while ((at = text.indexOf("]]>", from)) >= 0) {
            parent.appendChild(document.createCDATASection(text.substring(from, at + 2)));
            from = at + 2;
        }
        parent.appendChild(document.createCDATASection(text.substring(from)));
    }

    private static void property(Document document, Element properties, String name, String value) {
        if (value != null) {
            Element property = document.createElement("property");
            property.setAttribute("name", name);
            property.setAttribute("value", clean(value));
            properties.appendChild(property);
        }
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.3f", ReportInput.seconds(duration));
    }

    private static String timestamp(String startedAt) {
        java.time.Instant start = ReportInput.instant(startedAt);
        // JUnit's schema wants an ISO 8601 local timestamp without zone.
        return start == null ? "" : start.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()
                .replace("Z", "");
    }

    private static String clean(String text) {
        return XmlText.clean(text);
    }
}
