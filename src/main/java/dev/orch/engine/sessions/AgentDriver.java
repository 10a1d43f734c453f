package dev.orch.engine.sessions;

import java.time.Duration;
import java.util.List;

/**
 * Starts agent attempts and stops them. Exit codes are never read from the driver: the wrapper script writes them
 * to {@link RunFiles}, which survives an orchestrator crash.
 */
public interface AgentDriver {
    /** "tmux" or "process". */
    String name();

    /** Starts the attempt; a failure to spawn is an {@link dev.orch.engine.OrchFailure}. */
    void start(AgentLaunch launch);

    /** True while the attempt's wrapper process is running. */
    boolean alive(String session, RunFiles runFiles);

    /** Stops the attempt's whole process group (TERM, then KILL after the grace period) and its session. */
    void stop(String session, RunFiles runFiles, Duration grace);

    /**
     * Lets go of a finished attempt's session (its processes are already gone): tmux keeps the dead pane because of
     * remain-on-exit, so its session is removed; the process driver forgets its handle.
     */
    void discard(String session);

    /**
     * Whether pausing (Ctrl-C) must stop running agents: true for plain child processes, which cannot be picked up
     * again cleanly; false for tmux, whose agents keep running and are reattached on resume.
     */
    boolean stopsAgentsOnPause();

    /** Sessions this driver holds whose names start with the prefix (for cleanup by name). */
    List<String> sessions(String prefix);

    /** Removes what the driver keeps once no session of the batch is left (the tmux server and its socket). */
    void shutdownIfIdle();

    /** What a user types to watch an attempt, or null. */
    String attachCommand(String session);
}
