package dev.orch.maven;

import dev.orch.engine.Console;
import dev.orch.engine.OrchConfig;
import dev.orch.engine.commands.StatusCommand;
import org.apache.maven.plugins.annotations.Mojo;

/** Prints the recorded batch: phase, waves, lanes, each task's state and where its log is. Changes nothing. */
@Mojo(name = "status", aggregator = true, threadSafe = true)
public class StatusMojo extends AbstractOrchMojo {
    @Override
    protected void run(OrchConfig config, Console console) {
        new StatusCommand(config, console).run();
    }
}
