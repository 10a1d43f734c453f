package dev.orch.engine.util;

import dev.orch.engine.OrchFailure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs short-lived subprocesses from an argument list (never a shell string), with a timeout,
 * capturing stdout and stderr.
 */
public final class Processes {
    private static final ExecutorService DRAINERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "orch-process-drain");
        t.setDaemon(true);
        return t;
    });

    private Processes() {
    }

    public static ProcessResult run(List<String> command, Path workingDir, Map<String, String> extraEnv,
                                    Duration timeout) {
        return run(command, workingDir, extraEnv, timeout, null);
    }

    public static ProcessResult run(List<String> command, Path workingDir, Map<String, String> extraEnv,
                                    Duration timeout, String stdin) {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (workingDir != null) {
            builder.directory(workingDir.toFile());
        }
        builder.environment().putAll(extraEnv);
        if (stdin == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new OrchFailure("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
        try {
            if (stdin != null) {
                try (var out = process.getOutputStream()) {
                    out.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            Future<String> err = DRAINERS.submit(() -> drain(process.getErrorStream()));
            Future<String> out = DRAINERS.submit(() -> drain(process.getInputStream()));
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            return new ProcessResult(finished ? process.exitValue() : -1,
                    out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS), !finished);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new OrchFailure("interrupted while running " + command.get(0), e);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new OrchFailure("failed running " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
    }

    private static String drain(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when the executable is found on PATH. */
    public static boolean onPath(String executable) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && java.nio.file.Files.isExecutable(Path.of(dir, executable))) {
                return true;
            }
        }
        return false;
    }
}
