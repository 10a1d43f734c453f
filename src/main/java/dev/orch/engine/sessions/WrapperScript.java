package dev.orch.engine.sessions;

import dev.orch.engine.OrchFailure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shell script every attempt runs in. Its text is fixed: everything it needs comes from environment variables
 * (never from task data pasted into a shell line). It records its pid, runs the user's agentCommand with
 * {@code /bin/sh -c}, appends the output to the task log and writes the exit code atomically (temp file + rename),
 * because tmux's own pane exit status is unreliable and the file also survives an orchestrator crash.
 */
public final class WrapperScript {
    public static final String FILE_NAME = "orch-agent-wrapper.sh";

    static final String TEXT = """
            #!/bin/sh
            # Written by Orch: runs one attempt of one task. Inputs come from the environment only.
            run_dir=$ORCH_RUN_DIR
            # Shell builtins only until the agent starts: every extra process delays it. (Orch wrote the header.)
            echo $$ > "$run_dir/pid"
            # The exit file is written as soon as the agent command itself ends: a background process it leaves
            # behind may keep the output pipe open for much longer (Orch stops it with the attempt's session).
            finish() {
              printf '===== %s attempt %s exited %s =====\\n' "$ORCH_TASK_ID" "$ORCH_ATTEMPT" "$1" >> "$ORCH_LOG_FILE"
              echo "$1" > "$run_dir/exit.tmp" && mv -f "$run_dir/exit.tmp" "$run_dir/exit"
            }
            if [ "${ORCH_TEE_OUTPUT:-0}" = 1 ]; then
              { /bin/sh -c "$ORCH_AGENT_COMMAND"; rc=$?; echo $rc > "$run_dir/rc.raw"; finish $rc; } 2>&1 \\
                | tee -a "$ORCH_LOG_FILE"
              rc=1
              read -r rc < "$run_dir/rc.raw" 2>/dev/null
            else
              /bin/sh -c "$ORCH_AGENT_COMMAND" >> "$ORCH_LOG_FILE" 2>&1 < /dev/null
              rc=$?
              finish $rc
            fi
            exit "$rc"
            """;

    private WrapperScript() {
    }

    /** Writes the script into the directory (idempotent) and returns its path. */
    public static Path install(Path directory) {
        Path script = directory.resolve(FILE_NAME);
        try {
            Files.createDirectories(directory);
            if (!Files.exists(script) || !Files.readString(script, StandardCharsets.UTF_8).equals(TEXT)) {
                Path temp = directory.resolve(FILE_NAME + ".tmp");
                Files.writeString(temp, TEXT, StandardCharsets.UTF_8);
                Files.move(temp, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return script;
        } catch (IOException e) {
            throw new OrchFailure("cannot write the agent wrapper into " + directory + ": " + e.getMessage(), e);
        }
    }
}
