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
        // The page links the other two: write it last, so its links resolve when it appears.
        attempt(warnings, junitFile(stateDirectory, input.state.batchId), () -> JunitReport.render(input));
        setAsideOtherBatches(warnings, stateDirectory, input.state.batchId);
        attempt(warnings, summaryFile(stateDirectory), () -> SummaryJson.render(input));
        attempt(warnings, htmlFile(stateDirectory), () -> HtmlReport.render(input));
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
            replace(file, render.bytes());
        } catch (Exception | LinkageError e) {
            warnings.add("could not write " + file + ": " + describe(e));
        }
    }

    /**
     * Temp file and rename, like {@link AtomicFiles#write} (a reader sees the old or the new report, never half),
     * but without the fsync: a report is rewritten from the state at any time, so losing the latest one to a power
     * cut costs nothing, while an fsync per report costs tens of milliseconds on some disks.
     */
    static void replace(Path file, byte[] content) throws java.io.IOException {
        java.nio.file.Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
                + Thread.currentThread().getId());
        try {
            java.nio.file.Files.write(temp, content);
            java.nio.file.Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } finally {
            java.nio.file.Files.deleteIfExists(temp);
        }
    }

    /**
     * CI picks up {@code junit/*.xml}: an earlier batch's file there would be reported again. It moves to that
     * batch's {@code history/<batchId>/} folder (where its state went when this batch started), or is removed
     * (it can be written again from that state).
     */
    private static void setAsideOtherBatches(List<String> warnings, Path stateDirectory, String batchId) {
        Path junit = stateDirectory.resolve(JUNIT_DIRECTORY);
        String current = JunitReport.fileName(batchId);
        if (!java.nio.file.Files.isDirectory(junit)) {
            return;
        }
        try (var files = java.nio.file.Files.list(junit)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.startsWith("TEST-orch-") && name.endsWith(".xml") && !name.equals(current)) {
                    String other = name.substring("TEST-orch-".length(), name.length() - ".xml".length());
                    Path history = stateDirectory.resolve("history").resolve(other);
                    if (java.nio.file.Files.isDirectory(history)) {
                        java.nio.file.Files.move(file, history.resolve(name),
                                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    } else {
                        java.nio.file.Files.deleteIfExists(file);
                    }
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            warnings.add("could not set aside earlier JUnit reports in " + junit + ": " + describe(e));
        }
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
