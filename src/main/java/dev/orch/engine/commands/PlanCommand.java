package dev.orch.engine.commands;

import dev.orch.engine.Console;
import dev.orch.engine.OrchConfig;
import dev.orch.engine.OrchException;
import dev.orch.engine.OrchFailure;
import dev.orch.engine.planning.Plan;
import dev.orch.engine.planning.PlanReport;
import dev.orch.engine.planning.Planner;
import dev.orch.engine.tasks.Backlog;
import dev.orch.engine.tasks.BacklogScanner;
import dev.orch.engine.tasks.Problem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code orch:plan}: discover and validate the backlog, order it into waves and lanes, print the plan and write
 * {@code plan.json} and {@code plan.mmd} into the state directory. A backlog with problems writes nothing.
 */
public final class PlanCommand {
    public static final String PLAN_JSON = "plan.json";
    public static final String PLAN_MERMAID = "plan.mmd";

    private final OrchConfig config;
    private final Console console;

    public PlanCommand(OrchConfig config, Console console) {
        this.config = config;
        this.console = console;
    }

    public Plan run() {
        WorkTree.require(config.projectDir());
        Backlog backlog = BacklogScanner.discover(config.tasksDirectory(), config.areas());
        if (!backlog.valid()) {
            throw new OrchException(problemsMessage(backlog.problems(), config.projectDir()));
        }
        Plan plan = Planner.plan(backlog.pending(), config.maxLanes(), config.strategy());
        PlanReport.render(plan).forEach(console::info);
        write(plan);
        return plan;
    }

    /** Every problem on its own line, paths relative to the project, and the reassurance that nothing changed. */
    static String problemsMessage(List<Problem> problems, Path projectDir) {
        List<String> lines = new ArrayList<>();
        lines.add("The backlog has " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                + "; nothing was planned or changed:");
        problems.forEach(problem -> lines.add(problem.render(projectDir)));
        return String.join(System.lineSeparator(), lines);
    }

    private void write(Plan plan) {
        Path stateDirectory = config.stateDirectory();
        writePlanFiles(plan, stateDirectory);
        console.info("Plan written to " + display(stateDirectory.resolve(PLAN_JSON)) + " and "
                + display(stateDirectory.resolve(PLAN_MERMAID)));
    }

    /** Writes plan.json and plan.mmd into the state directory. */
    static void writePlanFiles(Plan plan, Path stateDirectory) {
        try {
            Files.createDirectories(stateDirectory);
            PlanReport.writeJson(plan, stateDirectory.resolve(PLAN_JSON));
            PlanReport.writeMermaid(plan, stateDirectory.resolve(PLAN_MERMAID));
        } catch (IOException e) {
            throw new OrchFailure("cannot write the plan into " + stateDirectory + ": " + e.getMessage(), e);
        }
    }

    private String display(Path file) {
        Path project = config.projectDir();
        return file.startsWith(project) ? project.relativize(file).toString() : file.toString();
    }
}
