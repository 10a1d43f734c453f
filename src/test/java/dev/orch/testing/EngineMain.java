package dev.orch.testing;

import dev.orch.engine.Console;
import dev.orch.engine.OrchConfig;
import dev.orch.engine.OrchException;
import dev.orch.engine.commands.AbortCommand;
import dev.orch.engine.commands.ResumeCommand;
import dev.orch.engine.commands.RunCommand;
import dev.orch.engine.planning.Strategy;
import dev.orch.engine.running.BatchOutcome;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Runs one engine goal in its own JVM, so tests can kill it (SIGKILL, SIGINT) like a user's Maven process.
 * Settings come from system properties named like the POM parameters (orch.agentCommand, orch.driver, ...).
 * Exit code: 0 completed, 1 unsuccessful outcome, 2 refused (OrchException), 3 broken.
 */
public final class EngineMain {
    public static void main(String[] args) {
        String goal = args[0];
        Path project = Path.of(args[1]);
        OrchConfig d = OrchConfig.defaults(project);
        OrchConfig config = new OrchConfig(d.projectDir(), d.tasksDirectory(), List.of(),
                Integer.getInteger("orch.maxLanes", 3), Strategy.parse(System.getProperty("orch.strategy", "affinity-first")),
                System.getProperty("orch.agentCommand"), System.getProperty("orch.driver", "tmux"),
                Integer.getInteger("orch.maxRetries", 1),
                Double.parseDouble(System.getProperty("orch.taskTimeout", "0")),
                Double.parseDouble(System.getProperty("orch.stallTimeout", "30")),
                System.getProperty("orch.onTaskFailure", "skip-dependents"),
                System.getProperty("orch.onMergeFailure", "pause"),
                System.getProperty("orch.mergeOrder", "fewest-files-first"),
                System.getProperty("orch.verifyCommand"), System.getProperty("orch.mergeAgentCommand"),
                System.getProperty("orch.integration", "ff"), d.worktreeDirectory(), d.stateDirectory());
        Console console = Console.system();
        try {
            BatchOutcome outcome = switch (goal) {
                case "run" -> new RunCommand(config, console).run();
                case "resume" -> new ResumeCommand(config, console).run();
                case "abort" -> {
                    new AbortCommand(config, console, Duration.ofSeconds(Integer.getInteger("orch.abortGracePeriod", 5)),
                            Boolean.getBoolean("orch.hard"), Boolean.getBoolean("orch.dryRun")).run();
                    yield null;
                }
                default -> throw new IllegalArgumentException(goal);
            };
            if (outcome != null) {
                System.out.println("OUTCOME " + outcome.phase().label() + " " + outcome.message());
                System.exit(outcome.unsuccessful() ? 1 : 0);
            }
            System.exit(0);
        } catch (OrchException e) {
            System.out.println("REFUSED " + e.getMessage());
            System.exit(2);
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(3);
        }
    }
}
