package dev.orch.engine.sessions;

import java.nio.file.Path;
import java.util.Map;

/**
 * Everything needed to start one attempt of the agent.
 *
 * @param session     session name (validated characters only: built from the batch and task IDs)
 * @param workingDir  where the agent command runs (the project folder inside the lane worktree)
 * @param environment ORCH_* variables for the agent, plus the wrapper's own inputs
 * @param logFile     the task's log, appended to
 * @param runFiles    where the wrapper records its pid and exit code
 */
public record AgentLaunch(String session, Path workingDir, Map<String, String> environment, Path logFile,
                          RunFiles runFiles) {
}
