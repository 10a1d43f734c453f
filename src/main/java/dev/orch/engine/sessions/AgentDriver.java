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

    /** Sessions this driver holds whose names start with the prefix (for cleanup by name). */
    List<String> sessions(String prefix);

    /** Removes what the driver keeps once no session of the batch is left (the tmux server and its socket). */
    void shutdownIfIdle();

    /** What a user types to watch an attempt, or null. */
    String attachCommand(String session);
}
