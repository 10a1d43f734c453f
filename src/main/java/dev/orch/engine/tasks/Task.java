package dev.orch.engine.tasks;

import java.util.List;

/**
 * A pending task ready for planning: its spec plus its dependencies resolved to pending task IDs
 * (dependencies on complete tasks are dropped, they are already satisfied).
 */
public record Task(TaskSpec spec, List<TaskId> pendingDependencies) {
    public TaskId id() {
        return spec.id();
    }

    public int weight() {
        return spec.size().weight();
    }
}
