package dev.orch.maven;

import dev.orch.engine.Console;
import dev.orch.engine.OrchConfig;
import dev.orch.engine.OrchException;
import dev.orch.engine.commands.AbortCommand;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.time.Duration;

/**
 * Stops the recorded batch and removes what it created (its sessions and agent processes, worktrees and branches),
 * saving any uncommitted work to refs under refs/orch/saved/ first. Works when the state file is missing or
 * unreadable, and can be run again safely.
 */
@Mojo(name = "abort", aggregator = true, threadSafe = true)
public class AbortMojo extends AbstractOrchMojo {
    /** Seconds running agents get to wrap up (a .ORCH_WRAP_UP file appears in their task folder) before they are stopped. */
    @Parameter(property = "orch.abortGracePeriod", defaultValue = "60")
    private int abortGracePeriod;

    /** Stop running agents at once, without the grace period. */
    @Parameter(property = "orch.hard", defaultValue = "false")
    private boolean hard;

    /** Only list what would be stopped and removed; change nothing. */
    @Parameter(property = "orch.dryRun", defaultValue = "false")
    private boolean dryRun;

    @Override
    protected void run(OrchConfig config, Console console) {
        if (abortGracePeriod < 0) {
            throw new OrchException("Invalid orch.abortGracePeriod '" + abortGracePeriod + "': use seconds, 0 or more.");
        }
        new AbortCommand(config, console, Duration.ofSeconds(abortGracePeriod), hard, dryRun).run();
    }
}
