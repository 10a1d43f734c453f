package dev.orch.maven;

import dev.orch.engine.Console;
import dev.orch.engine.OrchConfig;
import dev.orch.engine.commands.PlanCommand;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Discovers and validates the backlog, orders it into waves and lanes and prints the plan.
 * Changes nothing but {@code plan.json} and {@code plan.mmd} under {@code target/orchestrate}.
 */
@Mojo(name = "plan", aggregator = true, threadSafe = true)
public class PlanMojo extends AbstractOrchMojo {
    @Override
    protected void run(OrchConfig config, Console console) {
        new PlanCommand(config, console).run();
    }
}
