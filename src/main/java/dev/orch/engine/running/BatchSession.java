package dev.orch.engine.running;

import dev.orch.engine.Console;
import dev.orch.engine.OrchException;
import dev.orch.engine.git.Git;
import dev.orch.engine.sessions.AgentDriver;
import dev.orch.engine.sessions.ProcessDriver;
import dev.orch.engine.sessions.TmuxDriver;
import dev.orch.engine.sessions.WrapperScript;
import dev.orch.engine.state.BatchState;
import dev.orch.engine.state.EventLog;
import dev.orch.engine.state.StateStore;
import dev.orch.engine.util.Sha256;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Wires a recorded batch to the outside world (git, the session driver, the state files) and runs it, turning
 * Ctrl-C or SIGTERM into a recorded pause.
 */
public final class BatchSession {
    private BatchSession() {
    }

    /** tmux socket name for a project: one private server per project's state directory. */
    public static String tmuxSocket(Path stateDirectory) {
        return "orch-" + Sha256.hex(stateDirectory.toAbsolutePath().normalize().toString()).substring(0, 12);
    }

    /** auto picks tmux when it is installed, else the process driver. */
    public static String resolveDriver(String setting) {
        if ("auto".equals(setting) || setting == null) {
            return TmuxDriver.installed() ? "tmux" : "process";
        }
        if ("tmux".equals(setting) && !TmuxDriver.installed()) {
            throw new OrchException("driver=tmux but tmux is not installed; install tmux (apt-get install tmux) or"
                    + " use -Dorch.driver=process");
        }
        return setting;
    }

    public static AgentDriver driver(String name, BatchLayout layout) {
        Path runRoot = layout.stateDirectory().resolve("run");
        Path wrapper = WrapperScript.install(runRoot);
        return "tmux".equals(name) ? new TmuxDriver(tmuxSocket(layout.stateDirectory()), runRoot, wrapper)
                : new ProcessDriver(wrapper);
    }

    /** Commits made by agents need an identity; give them one only when the repository has none. */
    static Map<String, String> agentIdentity(Git repo) {
        Map<String, String> env = new LinkedHashMap<>();
        boolean hasName = repo.run("config", "user.name").ok();
        boolean hasEmail = repo.run("config", "user.email").ok();
        if (!hasName || !hasEmail) {
            env.put("GIT_AUTHOR_NAME", "orch-agent");
            env.put("GIT_AUTHOR_EMAIL", "orch-agent@localhost");
            env.put("GIT_COMMITTER_NAME", "orch-agent");
            env.put("GIT_COMMITTER_EMAIL", "orch-agent@localhost");
        }
        return env;
    }

    /** Runs the recorded batch to its end or a pause. */
    public static BatchOutcome run(BatchState state, BatchLayout layout, StateStore store, Console console) {
        return run(state, layout, store, console, false);
    }

    /** Reconciles a recorded batch with what is really there, then runs it on. */
    public static BatchOutcome resume(BatchState state, BatchLayout layout, StateStore store, Console console) {
        Resumer.validateGraph(state);
        return run(state, layout, store, console, true);
    }

    private static BatchOutcome run(BatchState state, BatchLayout layout, StateStore store, Console console,
                                    boolean reconcileFirst) {
        Workspace workspace = new Workspace(layout.repoRoot());
        AgentDriver driver = driver(state.driver, layout);
        StopSignal stop = new StopSignal(StopSignal.abortRequestFile(layout.stateDirectory()));
        BatchRecorder recorder = new BatchRecorder(state, store, new EventLog(layout.stateDirectory()), console);
        Settings settings = Settings.fromMap(state.settings);
        Map<String, Path> refreshedPrompts = Map.of();
        if (reconcileFirst) {
            refreshedPrompts = new Resumer(state, layout, workspace, driver, console).reconcile(recorder);
            recorder.update(s -> {
                if (s.phase == dev.orch.engine.state.Phase.PAUSED) {
                    s.phase = dev.orch.engine.state.Phase.EXECUTING;
                }
            });
            recorder.event("batch.resumed", "batchId", state.batchId);
        }
        BatchContext context = new BatchContext(layout, workspace, driver, recorder, settings, stop,
                layout.stateDirectory().resolve("run").resolve(WrapperScript.FILE_NAME),
                agentIdentity(workspace.repo()), refreshedPrompts);
        try {
            java.nio.file.Files.createDirectories(layout.logsDirectory());
        } catch (java.io.IOException e) {
            throw new dev.orch.engine.OrchFailure("cannot create " + layout.logsDirectory(), e);
        }
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.requestPause();
            try {
                finished.await(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "orch-pause-on-signal");
        Runtime.getRuntime().addShutdownHook(hook);
        ProgressLine progress = ProgressLine.start(state, console);
        try {
            return new BatchRunner(context).run();
        } finally {
            progress.close();
            recorder.reports().close();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for the latch we just released
            }
        }
    }
}
