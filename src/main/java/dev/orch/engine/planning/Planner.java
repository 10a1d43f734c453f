package dev.orch.engine.planning;

import dev.orch.engine.tasks.Task;
import dev.orch.engine.tasks.TaskId;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns pending tasks into a {@link Plan}: waves (Kahn levels of the dependency graph), lanes per wave (file-scope
 * overlap groups spread by a {@link Strategy}) and the critical path. Pure and deterministic: the same tasks give
 * the same plan in whatever order they come.
 */
public final class Planner {

    private Planner() {
    }

    /**
     * @param pending  pending tasks; dependencies name only other tasks of this list and form no cycle
     * @param maxLanes lane budget per wave, at least 1
     * @param strategy how a wave's overlap groups are spread over lanes
     * @throws IllegalArgumentException on a bad lane budget, a duplicate task, a dependency outside the list or a
     *                                  cycle (discovery reports those to the user first; here they are bugs)
     */
    public static Plan plan(List<Task> pending, int maxLanes, Strategy strategy) {
        Objects.requireNonNull(strategy, "strategy");
        if (maxLanes < 1) {
            throw new IllegalArgumentException("maxLanes must be at least 1, was " + maxLanes);
        }
        DependencyGraph graph = DependencyGraph.of(pending);
        List<int[]> levels = graph.levels();
        List<WavePlan> waves = new ArrayList<>(levels.size());
        for (int[] level : levels) {
            List<Task> waveTasks = new ArrayList<>(level.length);
            for (int task : level) {
                waveTasks.add(graph.tasks.get(task));
            }
            List<LanePlan> lanes = LaneAllocator.allocate(ScopeGroups.ofSorted(waveTasks), maxLanes, strategy);
            waves.add(new WavePlan(waves.size() + 1, lanes));
        }
        // graph.tasks is in ID order, so this map iterates in ID order too
        Map<TaskId, Task> byId = new LinkedHashMap<>(graph.size() * 2);
        for (Task task : graph.tasks) {
            byId.put(task.id(), task);
        }
        return new Plan(List.copyOf(waves), Collections.unmodifiableMap(byId), CriticalPath.of(graph, levels),
                maxLanes, strategy);
    }
}
