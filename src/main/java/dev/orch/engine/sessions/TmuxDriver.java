package dev.orch.engine.sessions;

import dev.orch.engine.OrchFailure;
import dev.orch.engine.util.ProcessResult;
import dev.orch.engine.util.Processes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs each attempt in its own session on a private tmux server ({@code tmux -L <socket>}), so agents keep
 * running when the orchestrator dies and users can attach to watch. The server's config keeps it alive with no
 * sessions and keeps dead panes, and output is also appended to the task log by the wrapper.
 */
public final class TmuxDriver implements AgentDriver {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String socket;
    private final Path config;
    private final Path wrapper;

    public TmuxDriver(String socket, Path runDirectory, Path wrapper) {
        this.socket = socket;
        this.wrapper = wrapper;
        this.config = runDirectory.resolve("tmux.conf");
    }

    public String socket() {
        return socket;
    }

    public static boolean installed() {
        return Processes.onPath("tmux");
    }

    @Override
    public String name() {
        return "tmux";
    }

    @Override
    public void start(AgentLaunch launch) {
        writeConfig();
        List<String> args = new ArrayList<>(List.of("new-session", "-d", "-s", launch.session(), "-x", "200",
                "-y", "50", "-c", launch.workingDir().toString()));
        for (Map.Entry<String, String> variable : launch.environment().entrySet()) {
            args.add("-e");
            args.add(variable.getKey() + "=" + variable.getValue());
        }
        args.add("-e");
        args.add("ORCH_TEE_OUTPUT=1");
        args.add("--");
        args.add("/bin/sh");
        args.add(wrapper.toString());
        ProcessResult result = tmux(args);
        if (!result.ok()) {
            throw new OrchFailure("tmux could not start session " + launch.session() + ": " + result.diagnostic());
        }
    }

    @Override
    public boolean alive(String session, RunFiles runFiles) {
        if (runFiles.readExit().isPresent()) {
            return false;
        }
        ProcessResult panes = tmux(List.of("list-panes", "-t", "=" + session + ":", "-F", "#{pane_dead}"));
        if (panes.ok()) {
            return panes.stdout().strip().equals("0");
        }
        return !ProcessGroups.owned(ProcessGroups.attempt(runFiles.dir())).isEmpty();
    }

    @Override
    public void stop(String session, RunFiles runFiles, Duration grace) {
        ProcessGroups.terminate(ProcessGroups.attempt(runFiles.dir()), grace);
        discard(session);
    }

    @Override
    public boolean stopsAgentsOnPause() {
        return false;
    }

    /** Removes a finished attempt's session (its pane stays after exit because of remain-on-exit). */
    @Override
    public void discard(String session) {
        tmux(List.of("kill-session", "-t", "=" + session));
    }

    @Override
    public List<String> sessions(String prefix) {
        ProcessResult result = tmux(List.of("list-sessions", "-F", "#{session_name}"));
        if (!result.ok()) {
            return List.of();
        }
        return result.stdout().lines().filter(name -> name.startsWith(prefix)).sorted().toList();
    }

    @Override
    public void shutdownIfIdle() {
        ProcessResult result = tmux(List.of("list-sessions", "-F", "#{session_name}"));
        if (result.ok() && !result.stdout().isBlank()) {
            return;
        }
        String socketPath = socketPath();
        tmux(List.of("kill-server"));
        // kill-server leaves the socket file behind.
        if (socketPath != null) {
            try {
                Files.deleteIfExists(Path.of(socketPath));
            } catch (IOException ignored) {
                // a stale socket is harmless; the next server start replaces it
            }
        }
    }

    @Override
    public String attachCommand(String session) {
        return "tmux -L " + socket + " attach -t =" + session;
    }

    private String socketPath() {
        String base = System.getenv().getOrDefault("TMUX_TMPDIR", "/tmp");
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return base + "/tmux-" + uid + "/" + socket;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private void writeConfig() {
        if (Files.exists(config)) {
            return;
        }
        try {
            Files.createDirectories(config.getParent());
            Files.writeString(config, """
                    # Written by Orch for its private tmux server.
                    set -g exit-empty off
                    set -g remain-on-exit on
                    set -g history-limit 20000
                    """, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new OrchFailure("cannot write " + config + ": " + e.getMessage(), e);
        }
    }

    private ProcessResult tmux(List<String> args) {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket, "-f", config.toString()));
        command.addAll(args);
        return Processes.run(command, null, Map.of(), TIMEOUT);
    }
}
