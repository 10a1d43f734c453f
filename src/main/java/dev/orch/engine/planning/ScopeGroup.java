package dev.orch.engine.planning;

import dev.orch.engine.tasks.Task;
import dev.orch.engine.tasks.TaskId;

import java.util.List;

/**
 * Tasks of one wave whose file scopes overlap, directly or through each other: they must run one after another
 * in the same lane. A task that overlaps nothing is a group of one.
 *
 * @param tasks  the tasks, sorted by ID (never empty)
 * @param weight sum of the tasks' size weights
 */
public record ScopeGroup(List<Task> tasks, int weight) {

    public ScopeGroup {
        tasks = List.copyOf(tasks);
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("a scope group holds at least one task");
        }
    }

    static ScopeGroup of(List<Task> sortedTasks) {
        return new ScopeGroup(sortedTasks, sortedTasks.stream().mapToInt(Task::weight).sum());
    }

    /** The smallest task ID: the group's name for ordering. */
    public TaskId firstId() {
        return tasks.get(0).id();
    }

    public int size() {
        return tasks.size();
    }
}
