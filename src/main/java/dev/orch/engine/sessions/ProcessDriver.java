package dev.orch.engine.sessions;

import dev.orch.engine.OrchFailure;
import dev.orch.engine.util.Processes;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs each attempt as a plain child process in its own session ({@code setsid}), for machines without tmux
 * (CI). Output goes straight to the task log.
 */
public final class ProcessDriver implements AgentDriver {
    private final Path wrapper;
    private final Map<String, Process> running = new ConcurrentHashMap<>();
    private final boolean haveSetsid = Processes.onPath("setsid");

    public ProcessDriver(Path wrapper) {
        this.wrapper = wrapper;
    }

    @Override
    public String name() {
        return "process";
    }

    @Override
    public void start(AgentLaunch launch) {
        List<String> command = new ArrayList<>();
        if (haveSetsid) {
            command.add("setsid");
        }
        command.add("/bin/sh");
        command.add(wrapper.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(launch.workingDir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(launch.logFile().toFile()))
                .redirectErrorStream(true);
        builder.environment().putAll(launch.environment());
        try {
            running.put(launch.session(), builder.start());
        } catch (IOException e) {
            throw new OrchFailure("cannot start the agent for " + launch.session() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean alive(String session, RunFiles runFiles) {
        if (runFiles.readExit().isPresent()) {
            return false;
        }
        Process process = running.get(session);
        if (process != null) {
            return process.isAlive();
        }
        // Started by an earlier orchestrator process: look for its wrapper by its environment marker.
        return !ProcessGroups.owned(ProcessGroups.attempt(runFiles.dir())).isEmpty();
    }

    @Override
    public void stop(String session, RunFiles runFiles, Duration grace) {
        ProcessGroups.terminate(ProcessGroups.attempt(runFiles.dir()), grace);
        Process process = running.remove(session);
        if (process != null) {
            process.destroyForcibly();
        }
    }

    @Override
    public boolean stopsAgentsOnPause() {
        return true;
    }

    /** Forgets a finished attempt. */
    @Override
    public void discard(String session) {
        running.remove(session);
    }

    @Override
    public List<String> sessions(String prefix) {
        return running.keySet().stream().filter(name -> name.startsWith(prefix)).sorted().toList();
    }

    @Override
    public void shutdownIfIdle() {
        running.entrySet().removeIf(entry -> !entry.getValue().isAlive());
    }

    @Override
    public String attachCommand(String session) {
        return null;
    }
}
