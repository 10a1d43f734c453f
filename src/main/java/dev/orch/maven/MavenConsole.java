package dev.orch.maven;

import dev.orch.engine.Console;
import org.apache.maven.plugin.logging.Log;

import java.io.PrintStream;

/**
 * The engine's console printed through Maven's log. On a terminal (an interactive build with a console and no
 * {@code CI} variable) it also keeps a live progress line at the bottom, rewritten in place with a carriage
 * return; every log line first clears it and then redraws it. Elsewhere progress lines are dropped, so CI logs
 * hold the plain event lines only.
 */
final class MavenConsole implements Console {
    private static final int WIDTH = 110;

    private final Log log;
    private final PrintStream terminal;
    private String shown = "";

    MavenConsole(Log log) {
        this(log, null);
    }

    /** {@code terminal} null: no progress line. */
    MavenConsole(Log log, PrintStream terminal) {
        this.log = log;
        this.terminal = terminal;
    }

    /** A console for a goal that runs a batch: with a progress line only on an interactive terminal outside CI. */
    static MavenConsole forBatch(Log log, boolean interactiveMode) {
        return new MavenConsole(log, onTerminal(interactiveMode, System.console() != null, System.getenv("CI"))
                ? System.out : null);
    }

    static boolean onTerminal(boolean interactiveMode, boolean hasConsole, String ciVariable) {
        return interactiveMode && hasConsole && (ciVariable == null || ciVariable.isBlank()
                || ciVariable.equalsIgnoreCase("false"));
    }

    @Override
    public synchronized void info(String line) {
        clear();
        log.info(line);
        redraw();
    }

    @Override
    public synchronized void warn(String line) {
        clear();
        log.warn(line);
        redraw();
    }

    @Override
    public synchronized void error(String line) {
        clear();
        log.error(line);
        redraw();
    }

    @Override
    public boolean showsProgress() {
        return terminal != null;
    }

    @Override
    public synchronized void progress(String line) {
        if (terminal == null) {
            return;
        }
        clear();
        shown = line == null ? "" : line.length() > WIDTH ? line.substring(0, WIDTH - 3) + "..." : line;
        redraw();
    }

    private void clear() {
        if (terminal != null && !shown.isEmpty()) {
            terminal.print("\r" + " ".repeat(shown.length()) + "\r");
            terminal.flush();
        }
    }

    private void redraw() {
        if (terminal != null && !shown.isEmpty()) {
            terminal.print(shown);
            terminal.flush();
        }
    }
}
