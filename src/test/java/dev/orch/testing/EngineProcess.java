package dev.orch.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** An engine goal running in a child JVM ({@link EngineMain}), with its output in a file. */
public final class EngineProcess {
    public final Process process;
    public final Path output;

    private EngineProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    public static EngineProcess start(String goal, Path project, Path outputFile, Map<String, String> properties)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xshare:auto");
        command.add("-XX:TieredStopAtLevel=1");
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(EngineMain.class.getName());
        command.add(goal);
        command.add(project.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(outputFile.toFile());
        builder.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        return new EngineProcess(builder.start(), outputFile);
    }

    /** Runs a goal to its end; returns the exit code. */
    public static int run(String goal, Path project, Path outputFile, Map<String, String> properties)
            throws IOException, InterruptedException {
        EngineProcess engine = start(goal, project, outputFile, properties);
        if (!engine.process.waitFor(240, TimeUnit.SECONDS)) {
            engine.process.destroyForcibly();
            throw new AssertionError(goal + " did not finish; output:\n" + engine.output());
        }
        return engine.process.exitValue();
    }

    public String output() throws IOException {
        return Files.exists(output) ? Files.readString(output) : "";
    }

    public void signal(String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-s", signal, String.valueOf(process.pid())).start().waitFor();
    }
}
