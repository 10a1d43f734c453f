package dev.orch.engine.planning;

import dev.orch.engine.tasks.TaskId;

import java.util.List;

/**
 * One lane of a wave: tasks run one after another in one worktree.
 *
 * @param number 1-based lane number within the wave
 * @param tasks  tasks in run order
 * @param weight sum of the tasks' size weights
 */
public record LanePlan(int number, List<TaskId> tasks, int weight) {
}
