package dev.orch.engine.planning;

import dev.orch.engine.tasks.TaskId;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The heaviest dependency chain by size weight: no batch can finish in fewer units than its weight. */
final class CriticalPath {

    private CriticalPath() {
    }

    /**
     * Longest-path DP over the levels (a topological order), first task first. Ties go to the smaller task ID:
     * for the chain's last task, and then for each step back to a predecessor.
     */
    static List<TaskId> of(DependencyGraph graph, List<int[]> levels) {
        int n = graph.size();
        if (n == 0) {
            return List.of();
        }
        int[] heaviest = new int[n];
        int[] previous = new int[n];
        for (int[] level : levels) {
            for (int task : level) {
                int best = 0;
                int bestDependency = -1;
                for (int dependency : graph.dependencies[task]) {
                    // dependencies are ascending by ID, so '>' keeps the smallest ID among equals
                    if (heaviest[dependency] > best) {
                        best = heaviest[dependency];
                        bestDependency = dependency;
                    }
                }
                heaviest[task] = best + graph.tasks.get(task).weight();
                previous[task] = bestDependency;
            }
        }
        int last = 0;
        for (int task = 1; task < n; task++) {
            if (heaviest[task] > heaviest[last]) {
                last = task;
            }
        }
        List<TaskId> chain = new ArrayList<>();
        for (int task = last; task >= 0; task = previous[task]) {
            chain.add(graph.tasks.get(task).id());
        }
        Collections.reverse(chain);
        return List.copyOf(chain);
    }
}
