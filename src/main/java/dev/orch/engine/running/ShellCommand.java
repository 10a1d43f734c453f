package dev.orch.engine.running;

import dev.orch.engine.util.ProcessResult;
import dev.orch.engine.util.Processes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs a command line the user wrote in the POM (verifyCommand, mergeAgentCommand) with {@code /bin/sh -c}.
 * Task data never goes into the command line: it is passed in environment variables.
 */
final class ShellCommand {
    private ShellCommand() {
    }

    static ProcessResult run(String commandLine, Path workingDir, Map<String, String> env, Path logFile,
                             Duration timeout) {
        ProcessResult result = Processes.run(List.of("/bin/sh", "-c", commandLine), workingDir, env, timeout);
        try {
            Files.createDirectories(logFile.getParent());
            String text = "===== " + Clock.now() + " $ " + commandLine + "\n" + result.stdout() + result.stderr()
                    + "===== exit " + (result.timedOut() ? "timeout" : result.exitCode()) + "\n";
            Files.writeString(logFile, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the exit code still decides
        }
        return result;
    }
}
