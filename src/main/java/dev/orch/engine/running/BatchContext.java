package dev.orch.engine.running;

import dev.orch.engine.Console;
import dev.orch.engine.sessions.AgentDriver;

import java.nio.file.Path;
import java.util.Map;

/** What every part of a running batch shares. */
record BatchContext(BatchLayout layout, Workspace workspace, AgentDriver driver, BatchRecorder recorder,
                    Settings settings, StopSignal stop, Path wrapper, Map<String, String> agentIdentity,
                    Map<String, Path> refreshedPrompts) {

    Console console() {
        return recorder.console();
    }

    String relative(Path path) {
        Path base = layout.repoRoot().resolve(layout.projectPath());
        return path.startsWith(base) ? base.relativize(path).toString() : path.toString();
    }
}
