package dev.orch.engine.commands;

import dev.orch.engine.Console;
import dev.orch.engine.OrchConfig;
import dev.orch.engine.OrchException;
import dev.orch.engine.running.BatchLayout;
import dev.orch.engine.running.BatchOutcome;
import dev.orch.engine.running.BatchSession;
import dev.orch.engine.running.ResumeRules;
import dev.orch.engine.state.BatchState;
import dev.orch.engine.state.ProjectLock;
import dev.orch.engine.state.StateStore;

import java.nio.file.Path;

/**
 * {@code orch:resume}: continues the recorded batch with the settings, base branch and integration branch it
 * recorded, after reconciling each task with what is really on disk, in git and in the sessions.
 */
public final class ResumeCommand {
    private final OrchConfig config;
    private final Console console;

    public ResumeCommand(OrchConfig config, Console console) {
        this.config = config;
        this.console = console;
    }

    public BatchOutcome run() {
        Project.locate(config);
        try (ProjectLock lock = ProjectLock.acquire(config.stateDirectory(), "orch:resume")) {
            StateStore store = new StateStore(config.stateDirectory());
            BatchState state = store.load().orElseThrow(() -> new OrchException("No batch is recorded in "
                    + config.stateDirectory() + "; there is nothing to resume. Start one with `mvn orch:run`."));
            ResumeRules.refusal(state.phase, state.batchId).ifPresent(reason -> {
                throw new OrchException(reason);
            });
            if ("tmux".equals(state.driver)) {
                BatchSession.resolveDriver("tmux");
            }
            BatchLayout layout = layout(state, config);
            console.info("[orch] resuming batch " + state.batchId + " (" + state.phase.label() + "), base "
                    + state.baseBranch + ", integration branch " + state.integrationBranch);
            return BatchSession.resume(state, layout, store, console);
        }
    }

    static BatchLayout layout(BatchState state, OrchConfig config) {
        Path worktrees = state.worktreeDirectory != null ? Path.of(state.worktreeDirectory)
                : config.worktreeDirectory();
        return new BatchLayout(Path.of(state.repoRoot), state.projectPath == null ? "" : state.projectPath,
                config.stateDirectory(), worktrees, state.batchId);
    }
}
