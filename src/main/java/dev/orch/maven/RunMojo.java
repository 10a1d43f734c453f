package dev.orch.maven;

import dev.orch.engine.Console;
import dev.orch.engine.OrchConfig;
import dev.orch.engine.commands.RunCommand;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Runs a new batch: every pending task of the backlog, wave by wave, each wave's tasks in parallel lanes (a git
 * worktree and a session each), merging the lanes after every wave and integrating the result into the base branch.
 */
@Mojo(name = "run", aggregator = true, threadSafe = true)
public class RunMojo extends AbstractBatchMojo {
    @Override
    protected void run(OrchConfig config, Console console) {
        BatchVerdict.apply(new RunCommand(config, console).run(), failOnTaskFailure(), console);
    }
}
