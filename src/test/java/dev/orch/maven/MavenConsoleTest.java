package dev.orch.maven;

import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MavenConsoleTest {
    private final List<String> logged = new ArrayList<>();
    private final SystemStreamLog log = new SystemStreamLog() {
        @Override public void info(CharSequence content) { logged.add("INFO " + content); }
        @Override public void warn(CharSequence content) { logged.add("WARN " + content); }
        @Override public void error(CharSequence content) { logged.add("ERROR " + content); }
    };

    @Test
    void progressOnlyOnAnInteractiveTerminalOutsideCi() {
        assertTrue(MavenConsole.onTerminal(true, true, null));
        assertTrue(MavenConsole.onTerminal(true, true, "false"));
        assertFalse(MavenConsole.onTerminal(false, true, null), "mvn -B");
        assertFalse(MavenConsole.onTerminal(true, false, null), "output piped to a file");
        assertFalse(MavenConsole.onTerminal(true, true, "true"), "CI=true");
        assertFalse(MavenConsole.onTerminal(true, true, "1"), "CI=1");
    }

    @Test
    void withoutATerminalProgressIsDroppedAndLinesArePlain() {
        MavenConsole console = new MavenConsole(log);
        assertFalse(console.showsProgress());
        console.progress("[orch] 1/2 done");
        console.info("[orch] + T-1 succeeded");
        assertEquals(List.of("INFO [orch] + T-1 succeeded"), logged);
    }

    @Test
    void onATerminalTheLineIsRewrittenInPlaceAndClearedAroundLogLines() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MavenConsole console = new MavenConsole(log, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertTrue(console.showsProgress());
        console.progress("[orch] 0/2 done");
        console.progress("[orch] 1/2 done");
        console.warn("something");
        console.progress("");
        String out = bytes.toString(StandardCharsets.UTF_8);
        String blank = "\r" + " ".repeat("[orch] 0/2 done".length()) + "\r";
        assertEquals("[orch] 0/2 done" + blank + "[orch] 1/2 done" + blank + "[orch] 1/2 done" + blank, out);
        assertEquals(List.of("WARN something"), logged);
        assertFalse(out.contains("\n"), "never a newline of its own");
    }
}
