package dev.orch.engine.sessions;

import dev.orch.engine.util.Sleep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds and stops an attempt's processes. Ownership is decided by the environment, not by a pid file: every
 * process an attempt starts inherits {@code ORCH_RUN_DIR=<that attempt's run dir>}, including grandchildren that
 * moved to their own session, while a pid recorded before a reboot may now belong to anyone. So only processes
 * carrying Orch's marker are ever signalled, and all of them are.
 */
public final class ProcessGroups {
    public static final String MARKER = "ORCH_RUN_DIR=";

    private ProcessGroups() {
    }

    /** Exactly one attempt's run directory. */
    public static String attempt(Path runDir) {
        return runDir.toString() + "\0";
    }

    /** Every attempt below a directory (a batch's, or a whole project's run directory). */
    public static String under(Path directory) {
        return directory.toString() + "/";
    }

    /**
     * Live processes whose ORCH_RUN_DIR matches the selector from {@link #attempt} or {@link #under}
     * (the environment entry's own NUL terminator makes the attempt match exact).
     */
    public static List<Long> owned(String selector) {
        byte[] needle = (MARKER + selector).getBytes(StandardCharsets.UTF_8);
        List<Long> pids = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path entry : proc) {
                long pid = Long.parseLong(entry.getFileName().toString());
                if (pid != self && environContains(entry.resolve("environ"), needle)) {
                    pids.add(pid);
                }
            }
        } catch (IOException e) {
            return pids;
        }
        return pids;
    }

    private static boolean environContains(Path environ, byte[] needle) {
        byte[] env;
        try {
            env = Files.readAllBytes(environ);
        } catch (IOException | SecurityException e) {
            return false;
        }
        // Each entry starts after a NUL (or at 0); match the marker at an entry start.
        outer:
        for (int i = 0; i + needle.length <= env.length; i++) {
            if (i > 0 && env[i - 1] != 0) {
                continue;
            }
            for (int j = 0; j < needle.length; j++) {
                if (env[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** TERM to every owned process, KILL to whatever is left after the grace period. */
    public static void terminate(String selector, Duration grace) {
        List<Long> pids = owned(selector);
        if (pids.isEmpty()) {
            return;
        }
        signal(pids, "TERM");
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline && !owned(selector).isEmpty()) {
            Sleep.millis(25);
        }
        List<Long> left = owned(selector);
        if (!left.isEmpty()) {
            signal(left, "KILL");
            long hardDeadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < hardDeadline && !owned(selector).isEmpty()) {
                Sleep.millis(10);
            }
        }
    }

    /** TERM or KILL through ProcessHandle: no dependency on a kill binary being installed. */
    private static void signal(List<Long> pids, String signal) {
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(process -> {
                if ("KILL".equals(signal)) {
                    process.destroyForcibly();
                } else {
                    process.destroy();
                }
            });
        }
    }
}
