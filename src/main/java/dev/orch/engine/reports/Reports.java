package dev.orch.engine.reports;

import dev.orch.engine.Console;
import dev.orch.engine.state.AtomicFiles;
import dev.orch.engine.state.BatchState;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a batch's reports into its state directory, each atomically: {@code report.html} (for people),
 * {@code junit/TEST-orch-<batchId>.xml} (for CI test reporters) and {@code summary.json} (for scripts).
 * <p>
 * A report problem never breaks a batch: {@link #write(BatchState, Path)} does not throw; it returns warnings.
 * The state may be a running batch's live object: it is copied under its lock first.
 */
public final class Reports {
    public static final String HTML = "report.html";
    public static final String SUMMARY = "summary.json";
    public static final String JUNIT_DIRECTORY = "junit";

    private Reports() {
    }

    public static Path htmlFile(Path stateDirectory) {
        return stateDirectory.resolve(HTML);
    }

    public static Path summaryFile(Path stateDirectory) {
        return stateDirectory.resolve(SUMMARY);
    }

    public static Path junitFile(Path stateDirectory, String batchId) {
        return stateDirectory.resolve(JUNIT_DIRECTORY).resolve(JunitReport.fileName(batchId));
    }

    /** Writes every report; returns one line per report that could not be written (empty when all were). */
    public static List<String> write(BatchState state, Path stateDirectory) {
        List<String> warnings = new ArrayList<>();
        ReportInput input;
        try {
            input = ReportInput.of(state, stateDirectory);
        } catch (Exception | LinkageError e) {
            warnings.add("could not read the batch state for the reports: " + describe(e));
            return warnings;
        }
        attempt(warnings, htmlFile(stateDirectory), () -> HtmlReport.render(input));
        attempt(warnings, junitFile(stateDirectory, input.state.batchId), () -> JunitReport.render(input));
        attempt(warnings, summaryFile(stateDirectory), () -> SummaryJson.render(input));
        return warnings;
    }

    /** Writes every report and prints a warning per report that could not be written. Never throws. */
    public static void write(BatchState state, Path stateDirectory, Console console) {
        for (String warning : write(state, stateDirectory)) {
            try {
                console.warn("[orch] " + warning);
            } catch (RuntimeException ignored) {
                // nothing more to do for a report
            }
        }
    }

    private interface Render {
        byte[] bytes() throws Exception;
    }

    private static void attempt(List<String> warnings, Path file, Render render) {
        try {
            AtomicFiles.write(file, render.bytes());
        } catch (Exception | LinkageError e) {
            warnings.add("could not write " + file + ": " + describe(e));
        }
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
