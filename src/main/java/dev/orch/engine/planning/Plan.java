package dev.orch.engine.planning;

import dev.orch.engine.tasks.Task;
import dev.orch.engine.tasks.TaskId;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The batch Orch would run.
 *
 * @param waves        waves in order
 * @param tasks        every planned task by ID
 * @param criticalPath the heaviest dependency chain (by size weight), first task first
 * @param maxLanes     the lane budget used
 * @param strategy     the lane strategy used
 */
public record Plan(List<WavePlan> waves, Map<TaskId, Task> tasks, List<TaskId> criticalPath,
                   int maxLanes, Strategy strategy) {

    /** Estimated length in size units: the sum of the waves' heaviest lanes. */
    public int estimate() {
        return waves.stream().mapToInt(WavePlan::estimate).sum();
    }

    public int criticalPathWeight() {
        return criticalPath.stream().mapToInt(id -> tasks.get(id).weight()).sum();
    }

    /** The most lanes any wave uses (never more than {@code maxLanes}). */
    public int maxParallelLanes() {
        return waves.stream().mapToInt(w -> w.lanes().size()).max().orElse(0);
    }

    /** Wave and lane of every planned task. */
    public Map<TaskId, Placement> placements() {
        Map<TaskId, Placement> placements = new HashMap<>(tasks.size() * 2);
        for (WavePlan wave : waves) {
            for (LanePlan lane : wave.lanes()) {
                for (TaskId id : lane.tasks()) {
                    placements.put(id, new Placement(wave.number(), lane.number()));
                }
            }
        }
        return placements;
    }
}
