package dev.orch.maven;

import dev.orch.engine.Console;
import dev.orch.engine.OrchConfig;
import dev.orch.engine.OrchException;
import dev.orch.engine.planning.Strategy;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Owns every parameter Orch's goals share, turns them into an {@link OrchConfig} and maps engine exceptions to
 * Maven ones. A goal implements {@link #run(OrchConfig, Console)} and nothing else.
 */
public abstract class AbstractOrchMojo extends AbstractMojo {

    static final List<String> DRIVERS = List.of("auto", "tmux", "process");
    static final List<String> TASK_FAILURE_POLICIES = List.of("skip-dependents", "stop-wave", "stop-all");
    static final List<String> MERGE_FAILURE_POLICIES = List.of("pause", "abort");
    static final List<String> MERGE_ORDERS = List.of("fewest-files-first", "sequential");
    static final List<String> INTEGRATIONS = List.of("ff", "merge", "none");

    /** The project directory; it must be inside a git work tree. */
    @Parameter(defaultValue = "${basedir}", readonly = true, required = true)
    private File projectDirectory;

    /** Where Orch keeps the plan, the batch state, events and agent logs. */
    @Parameter(defaultValue = "${basedir}/target/orchestrate", readonly = true, required = true)
    private File stateDirectory;

    /** The folder holding task folders (tasks/&lt;area&gt;/&lt;ID-name&gt;/PROMPT.md). */
    @Parameter(property = "orch.tasksDirectory", defaultValue = "${basedir}/tasks")
    private File tasksDirectory;

    /** Comma-separated areas (sub-folders of tasksDirectory) to run; empty means every area. */
    @Parameter(property = "orch.areas")
    private String areas;

    /** The most lanes (parallel worktrees) a wave uses. */
    @Parameter(property = "orch.maxLanes", defaultValue = "3")
    private int maxLanes;

    /** How a wave's tasks are spread over lanes: affinity-first, round-robin or load-balanced. */
    @Parameter(property = "orch.strategy", defaultValue = "affinity-first")
    private String strategy;

    /** The agent's shell command line, run by /bin/sh -c for each task; the prompt reaches it as ORCH_PROMPT_FILE. */
    @Parameter(property = "orch.agentCommand")
    private String agentCommand;

    /** How agents are started: auto (tmux when installed, else process), tmux or process. */
    @Parameter(property = "orch.driver", defaultValue = "auto")
    private String driver;

    /** How many times a failed task attempt is retried. */
    @Parameter(property = "orch.maxRetries", defaultValue = "1")
    private int maxRetries;

    /** Minutes an attempt may run before it fails (fractions allowed); 0 means no limit. */
    @Parameter(property = "orch.taskTimeout", defaultValue = "0")
    private double taskTimeout;

    /** Minutes without output or worktree change after which an attempt fails (fractions allowed); 0 means never. */
    @Parameter(property = "orch.stallTimeout", defaultValue = "30")
    private double stallTimeout;

    /** What a failed task does to the batch: skip-dependents, stop-wave or stop-all. */
    @Parameter(property = "orch.onTaskFailure", defaultValue = "skip-dependents")
    private String onTaskFailure;

    /** What a failed lane merge does to the batch: pause (resumable) or abort. */
    @Parameter(property = "orch.onMergeFailure", defaultValue = "pause")
    private String onMergeFailure;

    /** The order lanes are merged after a wave: fewest-files-first or sequential. */
    @Parameter(property = "orch.mergeOrder", defaultValue = "fewest-files-first")
    private String mergeOrder;

    /** Optional shell command run after each lane merge; a non-zero exit undoes that merge. */
    @Parameter(property = "orch.verifyCommand")
    private String verifyCommand;

    /** Optional shell command run on a merge conflict to resolve it (gets ORCH_CONFLICT_FILES). */
    @Parameter(property = "orch.mergeAgentCommand")
    private String mergeAgentCommand;

    /** How the finished batch reaches the base branch: ff, merge or none. */
    @Parameter(property = "orch.integration", defaultValue = "ff")
    private String integration;

    /** Where lane worktrees are created. */
    @Parameter(property = "orch.worktreeDirectory", defaultValue = "${basedir}/.orch/worktrees")
    private File worktreeDirectory;

    /** Whether a batch with failed or blocked tasks, or one that ends paused, fails the build. */
    @Parameter(property = "orch.failOnTaskFailure", defaultValue = "true")
    private boolean failOnTaskFailure;

    /** Skips the goal. */
    @Parameter(property = "orch.skip", defaultValue = "false")
    private boolean skip;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("Skipping Orch (orch.skip=true)");
            return;
        }
        OrchConfig config = config();
        try {
            run(config, console());
        } catch (OrchException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (RuntimeException e) {
            // OrchFailure and bugs: something broke that the user did not cause.
            throw new MojoExecutionException(e.getMessage(), e);
        }
    }

    /** Where the goal prints; goals that run a batch override it to add the terminal's progress line. */
    protected Console console() {
        return new MavenConsole(getLog());
    }

    /** What the goal does, with the validated settings. */
    protected abstract void run(OrchConfig config, Console console);

    /** For goals that end a batch: whether failed or blocked tasks fail the build. */
    protected boolean failOnTaskFailure() {
        return failOnTaskFailure;
    }

    /** The validated settings; a bad value is a {@link MojoFailureException} naming the allowed values. */
    OrchConfig config() throws MojoFailureException {
        if (maxLanes < 1) {
            throw invalid("maxLanes", String.valueOf(maxLanes), "a whole number of at least 1");
        }
        if (maxRetries < 0) {
            throw invalid("maxRetries", String.valueOf(maxRetries), "a whole number of at least 0");
        }
        requireMinutes("taskTimeout", taskTimeout);
        requireMinutes("stallTimeout", stallTimeout);
        Strategy parsedStrategy = Strategy.parse(oneOf("strategy", strategy,
                Arrays.stream(Strategy.values()).map(Strategy::label).toList()));
        Path project = projectDirectory.toPath().toAbsolutePath().normalize();
        return new OrchConfig(
                project,
                absolute(tasksDirectory),
                splitAreas(areas),
                maxLanes,
                parsedStrategy,
                blankToNull(agentCommand),
                oneOf("driver", driver, DRIVERS),
                maxRetries,
                taskTimeout,
                stallTimeout,
                oneOf("onTaskFailure", onTaskFailure, TASK_FAILURE_POLICIES),
                oneOf("onMergeFailure", onMergeFailure, MERGE_FAILURE_POLICIES),
                oneOf("mergeOrder", mergeOrder, MERGE_ORDERS),
                blankToNull(verifyCommand),
                blankToNull(mergeAgentCommand),
                oneOf("integration", integration, INTEGRATIONS),
                absolute(worktreeDirectory),
                absolute(stateDirectory));
    }

    private static String oneOf(String name, String value, List<String> allowed) throws MojoFailureException {
        String normalized = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(normalized)) {
            throw invalid(name, value, "one of " + String.join(", ", allowed));
        }
        return normalized;
    }

    private static void requireMinutes(String name, double minutes) throws MojoFailureException {
        if (!(minutes >= 0) || Double.isInfinite(minutes)) {
            throw invalid(name, String.valueOf(minutes), "minutes, 0 or more (fractions allowed, 0 = none)");
        }
    }

    private static MojoFailureException invalid(String name, String value, String expected) {
        return new MojoFailureException("Invalid orch." + name + " '" + value + "': use " + expected + ".");
    }

    static List<String> splitAreas(String areas) {
        if (areas == null) {
            return List.of();
        }
        return Arrays.stream(areas.split(","))
                .map(String::trim)
                .filter(area -> !area.isEmpty())
                .distinct()
                .toList();
    }

    private static Path absolute(File file) {
        return file.toPath().toAbsolutePath().normalize();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
