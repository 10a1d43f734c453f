package dev.orch.maven;

import dev.orch.engine.Console;
import dev.orch.engine.OrchConfig;
import dev.orch.engine.commands.ResumeCommand;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Continues the batch recorded in target/orchestrate (paused, or interrupted while executing or merging): each
 * task is reconciled with what is really there, running agents are waited for, and no finished task runs again.
 * The batch keeps the settings it started with.
 */
@Mojo(name = "resume", aggregator = true, threadSafe = true)
public class ResumeMojo extends AbstractBatchMojo {
    @Override
    protected void run(OrchConfig config, Console console) {
        BatchVerdict.apply(new ResumeCommand(config, console).run(), failOnTaskFailure(), console);
    }
}
