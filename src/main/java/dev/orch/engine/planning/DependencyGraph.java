package dev.orch.engine.planning;

import dev.orch.engine.tasks.Task;
import dev.orch.engine.tasks.TaskId;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pending tasks indexed by ID order, with their dependency edges as index arrays: the shape both wave levels and
 * the critical path are computed on. Index order is ID order, so results do not depend on the input's order.
 */
final class DependencyGraph {
    final List<Task> tasks;
    /** dependencies[i]: indices of the tasks task i waits for, ascending. */
    final int[][] dependencies;
    /** dependents[i]: indices of the tasks waiting for task i. */
    final int[][] dependents;

    private DependencyGraph(List<Task> tasks, int[][] dependencies, int[][] dependents) {
        this.tasks = tasks;
        this.dependencies = dependencies;
        this.dependents = dependents;
    }

    static DependencyGraph of(List<Task> pending) {
        List<Task> sorted = new ArrayList<>(pending);
        sorted.sort(Comparator.comparing(Task::id));
        Map<TaskId, Integer> index = new HashMap<>(sorted.size() * 2);
        for (int i = 0; i < sorted.size(); i++) {
            if (index.put(sorted.get(i).id(), i) != null) {
                throw new IllegalArgumentException("task " + sorted.get(i).id() + " is listed twice");
            }
        }
        int n = sorted.size();
        int[][] dependencies = new int[n][];
        int[] dependentCounts = new int[n];
        for (int i = 0; i < n; i++) {
            dependencies[i] = dependencyIndices(index, sorted.get(i), i);
            for (int dep : dependencies[i]) {
                dependentCounts[dep]++;
            }
        }
        int[][] dependents = new int[n][];
        for (int i = 0; i < n; i++) {
            dependents[i] = new int[dependentCounts[i]];
        }
        int[] filled = new int[n];
        for (int i = 0; i < n; i++) {
            for (int dep : dependencies[i]) {
                dependents[dep][filled[dep]++] = i;
            }
        }
        return new DependencyGraph(List.copyOf(sorted), dependencies, dependents);
    }

    /** Indices of a task's dependencies, ascending, without duplicates. */
    private static int[] dependencyIndices(Map<TaskId, Integer> index, Task task, int self) {
        List<TaskId> named = task.pendingDependencies();
        int[] indices = new int[named.size()];
        for (int d = 0; d < indices.length; d++) {
            Integer found = index.get(named.get(d));
            if (found == null) {
                throw new IllegalArgumentException("task " + task.id() + " depends on " + named.get(d)
                        + ", which is not among the pending tasks");
            }
            if (found == self) {
                throw new IllegalArgumentException("task " + task.id() + " depends on itself");
            }
            indices[d] = found;
        }
        Arrays.sort(indices);
        int distinct = 0;
        for (int d = 0; d < indices.length; d++) {
            if (distinct == 0 || indices[distinct - 1] != indices[d]) {
                indices[distinct++] = indices[d];
            }
        }
        return distinct == indices.length ? indices : Arrays.copyOf(indices, distinct);
    }

    int size() {
        return tasks.size();
    }

    /**
     * Kahn levels: level 1 = no pending dependencies, level k = every dependency is on a level below k (and one is
     * on k-1). Also a topological order: returned as levels, each holding indices in ascending (ID) order.
     *
     * @throws IllegalArgumentException when the dependencies form a cycle (discovery should have refused it)
     */
    List<int[]> levels() {
        int n = size();
        int[] waiting = new int[n];
        int[] level = new int[n];
        int[] queue = new int[n];
        int head = 0;
        int tail = 0;
        for (int i = 0; i < n; i++) {
            waiting[i] = dependencies[i].length;
            if (waiting[i] == 0) {
                level[i] = 1;
                queue[tail++] = i;
            }
        }
        int deepest = n == 0 ? 0 : 1;
        while (head < tail) {
            int done = queue[head++];
            for (int dependent : dependents[done]) {
                level[dependent] = Math.max(level[dependent], level[done] + 1);
                if (--waiting[dependent] == 0) {
                    queue[tail++] = dependent;
                    deepest = Math.max(deepest, level[dependent]);
                }
            }
        }
        if (tail < n) {
            throw new IllegalArgumentException("the pending tasks' dependencies form a cycle through "
                    + cycleMembers(waiting));
        }
        return bucketByLevel(level, deepest);
    }

    private static List<int[]> bucketByLevel(int[] level, int deepest) {
        int[] counts = new int[deepest + 1];
        for (int l : level) {
            counts[l]++;
        }
        List<int[]> levels = new ArrayList<>(deepest);
        int[] filled = new int[deepest + 1];
        for (int l = 1; l <= deepest; l++) {
            levels.add(new int[counts[l]]);
        }
        for (int i = 0; i < level.length; i++) {
            levels.get(level[i] - 1)[filled[level[i]]++] = i;
        }
        return levels;
    }

    private String cycleMembers(int[] waiting) {
        List<String> stuck = new ArrayList<>();
        for (int i = 0; i < waiting.length && stuck.size() < 10; i++) {
            if (waiting[i] > 0) {
                stuck.add(tasks.get(i).id().value());
            }
        }
        return String.join(", ", stuck) + (Arrays.stream(waiting).filter(w -> w > 0).count() > 10 ? ", ..." : "");
    }
}
