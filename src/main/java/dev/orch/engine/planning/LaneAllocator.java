package dev.orch.engine.planning;

import dev.orch.engine.tasks.Task;
import dev.orch.engine.tasks.TaskId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Spreads one wave's {@link ScopeGroup}s over lanes. Every strategy keeps a group whole (its tasks share files,
 * so they run one after another in one lane, even when the group is larger than the lane budget) and uses
 * {@code min(maxLanes, groups)} lanes, so no lane is empty. Within a lane tasks run in ID order: they are in the
 * same wave, so none waits for another.
 *
 * <p>The strategies follow taskplane's {@code assignTasksToLanes} (extensions/taskplane/waves.ts):
 * <ul>
 *   <li>{@code round-robin}: groups in order of their smallest ID, dealt to lanes 1..n in turn. Ignores weight.</li>
 *   <li>{@code load-balanced}: longest-processing-time-first. Groups by weight, heaviest first (ties: smaller
 *       first ID), each to the least-loaded lane (ties: lower lane number). A group of one is a single task,
 *       so a wave without overlaps is balanced task by task.</li>
 *   <li>{@code affinity-first} (default): as load-balanced, but the multi-task groups (the ones file overlap
 *       forces into serial runs) are placed first, heaviest first, so each gets an empty lane while there is one;
 *       then the single tasks fill in, heaviest first, on the least-loaded lane.</li>
 * </ul>
 * Deviations from taskplane: none in the rules. Ties are made explicit (taskplane relies on the order of a
 * stable sort); lane weights are the fixed S=1, M=2, L=4 rather than configurable.
 */
public final class LaneAllocator {
    private static final Comparator<ScopeGroup> BY_ID = Comparator.comparing(ScopeGroup::firstId);
    private static final Comparator<ScopeGroup> HEAVIEST_FIRST =
            Comparator.comparingInt(ScopeGroup::weight).reversed().thenComparing(BY_ID);

    private LaneAllocator() {
    }

    /** Lanes numbered from 1, at most {@code maxLanes} of them, each holding whole groups. */
    public static List<LanePlan> allocate(List<ScopeGroup> groups, int maxLanes, Strategy strategy) {
        if (maxLanes < 1) {
            throw new IllegalArgumentException("maxLanes must be at least 1, was " + maxLanes);
        }
        int laneCount = Math.min(maxLanes, groups.size());
        List<List<ScopeGroup>> lanes = switch (strategy) {
            case ROUND_ROBIN -> roundRobin(groups, laneCount);
            case LOAD_BALANCED -> leastLoaded(sorted(groups, HEAVIEST_FIRST), laneCount);
            case AFFINITY_FIRST -> leastLoaded(affinityOrder(groups), laneCount);
        };
        List<LanePlan> plans = new ArrayList<>(laneCount);
        for (int lane = 0; lane < laneCount; lane++) {
            plans.add(toLanePlan(lane + 1, lanes.get(lane)));
        }
        return List.copyOf(plans);
    }

    private static List<List<ScopeGroup>> roundRobin(List<ScopeGroup> groups, int laneCount) {
        List<List<ScopeGroup>> lanes = emptyLanes(laneCount);
        List<ScopeGroup> inOrder = sorted(groups, BY_ID);
        for (int i = 0; i < inOrder.size(); i++) {
            lanes.get(i % laneCount).add(inOrder.get(i));
        }
        return lanes;
    }

    /** Multi-task groups first, then single tasks; each part heaviest first. */
    private static List<ScopeGroup> affinityOrder(List<ScopeGroup> groups) {
        List<ScopeGroup> order = new ArrayList<>(groups.size());
        order.addAll(sorted(groups.stream().filter(g -> g.size() > 1).toList(), HEAVIEST_FIRST));
        order.addAll(sorted(groups.stream().filter(g -> g.size() == 1).toList(), HEAVIEST_FIRST));
        return order;
    }

    /** Each group in the given order to the least-loaded lane; ties go to the lower lane number. */
    private static List<List<ScopeGroup>> leastLoaded(List<ScopeGroup> order, int laneCount) {
        List<List<ScopeGroup>> lanes = emptyLanes(laneCount);
        int[] load = new int[laneCount];
        PriorityQueue<Integer> lightest = new PriorityQueue<>(Math.max(1, laneCount),
                Comparator.<Integer>comparingInt(lane -> load[lane]).thenComparingInt(lane -> lane));
        for (int lane = 0; lane < laneCount; lane++) {
            lightest.add(lane);
        }
        for (ScopeGroup group : order) {
            int lane = lightest.poll();
            lanes.get(lane).add(group);
            load[lane] += group.weight();
            lightest.add(lane);
        }
        return lanes;
    }

    private static LanePlan toLanePlan(int number, List<ScopeGroup> groups) {
        List<TaskId> ids = new ArrayList<>();
        int weight = 0;
        for (ScopeGroup group : groups) {
            for (Task task : group.tasks()) {
                ids.add(task.id());
            }
            weight += group.weight();
        }
        ids.sort(Comparator.naturalOrder());
        return new LanePlan(number, List.copyOf(ids), weight);
    }

    private static List<List<ScopeGroup>> emptyLanes(int count) {
        List<List<ScopeGroup>> lanes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lanes.add(new ArrayList<>());
        }
        return lanes;
    }

    private static List<ScopeGroup> sorted(List<ScopeGroup> groups, Comparator<ScopeGroup> order) {
        List<ScopeGroup> copy = new ArrayList<>(groups);
        copy.sort(order);
        return copy;
    }
}
