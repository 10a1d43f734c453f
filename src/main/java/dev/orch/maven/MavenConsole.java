package dev.orch.maven;

import dev.orch.engine.Console;
import org.apache.maven.plugin.logging.Log;

/** The engine's console printed through Maven's log. */
final class MavenConsole implements Console {
    private final Log log;

    MavenConsole(Log log) {
        this.log = log;
    }

    @Override
    public void info(String line) {
        log.info(line);
    }

    @Override
    public void warn(String line) {
        log.warn(line);
    }

    @Override
    public void error(String line) {
        log.error(line);
    }
}
