package dev.orch.maven;

import dev.orch.engine.Console;
import org.apache.maven.plugins.annotations.Parameter;

/** Goals that run agents (run, resume): they show a live progress line on an interactive terminal. */
abstract class AbstractBatchMojo extends AbstractOrchMojo {
    /** Maven's interactive mode: -B (batch mode) turns the live progress line off. */
    @Parameter(defaultValue = "${settings.interactiveMode}", readonly = true)
    private boolean interactiveMode;

    @Override
    protected Console console() {
        return MavenConsole.forBatch(getLog(), interactiveMode);
    }
}
