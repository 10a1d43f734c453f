package dev.orch.engine.running;

import dev.orch.engine.sessions.AgentDriver;
import dev.orch.engine.sessions.RunFiles;
import dev.orch.engine.util.Sleep;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * Waits for one running attempt to end. The exit code comes from the wrapper's exit file, polled every
 * {@value #POLL_MILLIS} ms (a stat call: cheap, and the detection latency stays far below a second). Enforces
 * taskTimeout and stallTimeout (no log output and no worktree change), and reacts to pause, abort and stop-all.
 */
public final class AttemptMonitor {
    static final long POLL_MILLIS = 15;
    private static final Duration STOP_GRACE = Duration.ofSeconds(3);

    private final AgentDriver driver;
    private final StopSignal stop;
    private final double taskTimeoutMinutes;
    private final double stallTimeoutMinutes;

    public AttemptMonitor(AgentDriver driver, StopSignal stop, double taskTimeoutMinutes, double stallTimeoutMinutes) {
        this.driver = driver;
        this.stop = stop;
        this.taskTimeoutMinutes = taskTimeoutMinutes;
        this.stallTimeoutMinutes = stallTimeoutMinutes;
    }

    /**
     * @param startedMillis when the attempt started (wall clock), so a reattached attempt keeps its deadlines
     * @param stopOnPause   true when pausing must stop the agent (the process driver cannot outlive us cleanly)
     */
    public AttemptOutcome await(String session, RunFiles files, Path logFile, Path worktree, long startedMillis,
                                boolean stopOnPause) {
        long timeoutMillis = toMillis(taskTimeoutMinutes);
        long stallMillis = toMillis(stallTimeoutMinutes);
        long stallCheckEvery = stallMillis == 0 ? Long.MAX_VALUE : Math.max(250, Math.min(10_000, stallMillis / 5));
        long lastProgress = System.currentTimeMillis();
        long lastLogSize = size(logFile);
        long lastFingerprint = stallMillis == 0 ? 0 : fingerprint(worktree);
        long lastStallCheck = System.currentTimeMillis();
        long lastAliveCheck = System.currentTimeMillis();
        while (true) {
            OptionalInt exit = files.readExit();
            if (exit.isPresent()) {
                return exited(files, exit.getAsInt());
            }
            long now = System.currentTimeMillis();
            String stopAll = stop.stopAllReason();
            if (stopAll != null) {
                driver.stop(session, files, STOP_GRACE);
                return new AttemptOutcome(AttemptOutcome.Kind.STOPPED, null, stopAll, 0);
            }
            if (stop.interrupted() || Thread.currentThread().isInterrupted()) {
                if (stopOnPause && !stop.abortRequested()) {
                    driver.stop(session, files, STOP_GRACE);
                    return new AttemptOutcome(AttemptOutcome.Kind.STOPPED, null, "stopped by Ctrl-C", 0);
                }
                return new AttemptOutcome(AttemptOutcome.Kind.DETACHED, null, "orchestrator stopped", 0);
            }
            if (timeoutMillis > 0 && now - startedMillis > timeoutMillis) {
                driver.stop(session, files, STOP_GRACE);
                return afterStop(files, AttemptOutcome.Kind.TIMEOUT,
                        "taskTimeout of " + minutes(taskTimeoutMinutes) + " passed; the agent was stopped");
            }
            long logSize = size(logFile);
            if (logSize != lastLogSize) {
                lastLogSize = logSize;
                lastProgress = now;
            }
            if (stallMillis > 0 && now - lastStallCheck >= stallCheckEvery) {
                lastStallCheck = now;
                long print = fingerprint(worktree);
                if (print != lastFingerprint) {
                    lastFingerprint = print;
                    lastProgress = now;
                }
                if (now - lastProgress > stallMillis) {
                    driver.stop(session, files, STOP_GRACE);
                    return afterStop(files, AttemptOutcome.Kind.STALLED, "no output and no file change for "
                            + minutes(stallTimeoutMinutes) + " (stallTimeout); the agent was stopped");
                }
            }
            if (now - lastAliveCheck >= 1000) {
                lastAliveCheck = now;
                if (!driver.alive(session, files)) {
                    exit = files.readExit();
                    if (exit.isPresent()) {
                        return exited(files, exit.getAsInt());
                    }
                    return new AttemptOutcome(AttemptOutcome.Kind.LOST, null,
                            "the agent's processes ended without an exit code (killed from outside?)", 0);
                }
            }
            Sleep.millis(POLL_MILLIS);
        }
    }

    private static AttemptOutcome exited(RunFiles files, int code) {
        long exitMillis;
        try {
            exitMillis = Files.getLastModifiedTime(files.exitFile()).toMillis();
        } catch (IOException e) {
            exitMillis = 0;
        }
        String reason = code == 0 ? null : "the agent exited with code " + code + hint(code);
        return new AttemptOutcome(AttemptOutcome.Kind.EXITED, code, reason, exitMillis);
    }

    /** The shell's own exit codes usually mean agentCommand itself is wrong, not the task. */
    static String hint(int code) {
        return switch (code) {
            case 126 -> " (the command is not executable: check agentCommand)";
            case 127 -> " (command not found: check agentCommand and PATH)";
            default -> "";
        };
    }

    /** An agent that managed to exit on its own during the stop keeps its own verdict only if it succeeded. */
    private static AttemptOutcome afterStop(RunFiles files, AttemptOutcome.Kind kind, String reason) {
        return new AttemptOutcome(kind, files.readExit().isPresent() ? files.readExit().getAsInt() : null, reason, 0);
    }

    static long toMillis(double minutes) {
        return minutes <= 0 ? 0 : (long) (minutes * 60_000);
    }

    static String minutes(double minutes) {
        double seconds = minutes * 60;
        return seconds < 120 ? String.format(java.util.Locale.ROOT, "%.0f s", seconds)
                : String.format(java.util.Locale.ROOT, "%.1f min", minutes);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /** A cheap summary of the worktree's files (names, sizes, times), skipping .git. */
    static long fingerprint(Path worktree) {
        long[] hash = {17};
        try {
            Files.walkFileTree(worktree, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return dir.getFileName() != null && dir.getFileName().toString().equals(".git")
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    hash[0] = hash[0] * 31 + file.hashCode();
                    hash[0] = hash[0] * 31 + attrs.size();
                    hash[0] = hash[0] * 31 + attrs.lastModifiedTime().toMillis();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            return hash[0];
        }
        return hash[0];
    }
}
