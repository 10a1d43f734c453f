package dev.orch.engine.commands;

import dev.orch.engine.Console;
import dev.orch.engine.OrchConfig;
import dev.orch.engine.OrchException;
import dev.orch.engine.git.Git;
import dev.orch.engine.planning.Plan;
import dev.orch.engine.planning.Planner;
import dev.orch.engine.running.BatchLayout;
import dev.orch.engine.running.BatchOutcome;
import dev.orch.engine.running.BatchSession;
import dev.orch.engine.running.Leftovers;
import dev.orch.engine.running.Settings;
import dev.orch.engine.state.BatchState;
import dev.orch.engine.state.EventLog;
import dev.orch.engine.state.Phase;
import dev.orch.engine.state.ProjectLock;
import dev.orch.engine.state.StateStore;
import dev.orch.engine.tasks.Backlog;
import dev.orch.engine.tasks.BacklogScanner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * {@code orch:run}: refuses with one line when something is not right (nothing changed), otherwise records a new
 * batch (committing uncommitted task files first) and runs it.
 */
public final class RunCommand {
    private static final DateTimeFormatter BATCH_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final OrchConfig config;
    private final Console console;

    public RunCommand(OrchConfig config, Console console) {
        this.config = config;
        this.console = console;
    }

    public BatchOutcome run() {
        Project project = Project.locate(config);
        if (config.agentCommand() == null || config.agentCommand().isBlank()) {
            throw new OrchException("agentCommand is not set: add <agentCommand>your agent command</agentCommand> to"
                    + " the orch-maven-plugin configuration in your POM, or pass -Dorch.agentCommand=...");
        }
        Path tasks = Project.real(config.tasksDirectory());
        if (!tasks.startsWith(project.repoRoot())) {
            throw new OrchException("tasksDirectory " + config.tasksDirectory() + " is outside the git repository "
                    + project.repoRoot() + "; task folders must be in the repository, so that agents see them in their"
                    + " worktrees and their .DONE can be committed. Move them, or point -Dorch.tasksDirectory inside it.");
        }
        String driver = BatchSession.resolveDriver(config.driver());
        String baseBranch = project.currentBranch();
        try (ProjectLock lock = ProjectLock.acquire(config.stateDirectory(), "orch:run")) {
            StateStore store = new StateStore(config.stateDirectory());
            BatchState previous = store.load().orElse(null);
            if (previous != null && previous.phase.active()) {
                throw new OrchException("Batch " + previous.batchId + " is still recorded as "
                        + previous.phase.label() + ": continue it with `mvn orch:resume`, or clean it up with"
                        + " `mvn orch:abort`.");
            }
            Leftovers.Inventory leftovers = Leftovers.find(project.repoRoot(), config.stateDirectory(),
                    config.worktreeDirectory(), History.finishedBatchIds(config.stateDirectory(), previous));
            if (!leftovers.isEmpty()) {
                throw new OrchException("An earlier batch left these behind and its state is gone: "
                        + String.join(", ", leftovers.describe()) + ". Run `mvn orch:abort` to clean them up (work"
                        + " is saved to refs/orch/saved/ first), then run again.");
            }
            Backlog backlog = BacklogScanner.discover(config.tasksDirectory(), config.areas());
            if (!backlog.valid()) {
                throw new OrchException(PlanCommand.problemsMessage(backlog.problems(), config.projectDir()));
            }
            if (backlog.pending().isEmpty()) {
                // The caller prints the outcome's message.
                String message = backlog.all().isEmpty()
                        ? "Nothing to run: no task folders (folders holding a PROMPT.md) under " + config.tasksDirectory()
                        + "."
                        : "Nothing to run: all " + backlog.all().size() + " tasks are complete.";
                return new BatchOutcome(null, Phase.COMPLETED, List.of(), List.of(), message);
            }
            Plan plan = Planner.plan(backlog.pending(), config.maxLanes(), config.strategy());
            PlanCommand.writePlanFiles(plan, config.stateDirectory());
            History.archive(config.stateDirectory(), previous);
            String batchId = newBatchId(project.git(), config.stateDirectory());
            BatchLayout layout = new BatchLayout(project.repoRoot(), project.projectPath(), config.stateDirectory(),
                    config.worktreeDirectory(), batchId);
            String baseCommit = TaskFiles.commitUncommitted(project, backlog, batchId, baseBranch);
            excludeWorktreesFromStatus(project, layout);
            BatchState state = NewBatch.record(plan, backlog, layout, project, baseBranch, baseCommit, driver,
                    Settings.of(config));
            new dev.orch.engine.running.Workspace(project.repoRoot())
                    .createBranch(layout.integrationBranch(), baseCommit);
            synchronized (state) {
                state.phase = Phase.EXECUTING;
                store.save(state);
            }
            new EventLog(config.stateDirectory()).append("batch.started", "batchId", batchId, "baseBranch", baseBranch,
                    "tasks", state.tasks.size(), "waves", state.wavePlan.size(), "driver", driver);
            console.info("[orch] batch " + batchId + ": " + state.tasks.size() + " tasks in " + state.wavePlan.size()
                    + " waves, up to " + config.maxLanes() + " lanes, driver " + driver + ", base " + baseBranch
                    + ", integration branch " + layout.integrationBranch());
            if ("tmux".equals(driver)) {
                console.info("[orch] agents run on tmux server -L " + BatchSession.tmuxSocket(config.stateDirectory())
                        + " (list: tmux -L " + BatchSession.tmuxSocket(config.stateDirectory()) + " ls)");
            }
            return BatchSession.run(state, layout, store, console);
        }
    }

    private static void excludeWorktreesFromStatus(Project project, BatchLayout layout) {
        Path worktrees = layout.worktreeDirectory().toAbsolutePath().normalize();
        if (worktrees.startsWith(project.repoRoot())) {
            Path relative = project.repoRoot().relativize(worktrees);
            // Exclude the top folder we create inside the project (.orch), or the worktree folder itself.
            Path projectRoot = project.repoRoot().resolve(project.projectPath());
            Path toExclude = worktrees.startsWith(projectRoot.resolve(".orch"))
                    ? project.repoRoot().relativize(projectRoot.resolve(".orch")) : relative;
            new dev.orch.engine.running.Workspace(project.repoRoot()).excludeFromStatus(toExclude.toString());
        }
    }

    /**
     * A timestamp, made unique against everything an earlier batch of the same second may have left: its
     * integration branch, lane branches, saved work (which a reused ID would overwrite) or recorded history.
     */
    private static String newBatchId(Git git, Path stateDirectory) {
        String base = ZonedDateTime.now(ZoneOffset.UTC).format(BATCH_ID);
        String candidate = base;
        for (int n = 2; batchIdTaken(git, stateDirectory, candidate); n++) {
            candidate = base + "-" + n;
        }
        return candidate;
    }

    private static boolean batchIdTaken(Git git, Path stateDirectory, String id) {
        return git.resolve("refs/heads/orch/" + id).isPresent()
                || Files.exists(History.directory(stateDirectory).resolve(id))
                || !git.run("for-each-ref", "--count=1", "--format=%(refname)", "refs/orch/saved/" + id + "/",
                        "refs/heads/orch/lanes/" + id + "/").stdout().isBlank();
    }
}
