package dev.orch.engine.planning;

import dev.orch.engine.tasks.Task;
import dev.orch.engine.tasks.TaskId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static dev.orch.engine.planning.TestTasks.shape;
import static dev.orch.engine.planning.TestTasks.task;
import static dev.orch.engine.tasks.Size.L;
import static dev.orch.engine.tasks.Size.M;
import static dev.orch.engine.tasks.Size.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LaneStrategyTest {

    /**
     * The worked example: six tasks in one wave, 3 lanes. overlap (src/a covers src/a/X.java),
     * so there are five groups: {A-1,A-2} weight 2, A-3 S=1, A-4 M=2, A-5 L=4, A-6 L=4 (total 13).
     */
    private static final List<Task> WORKED_EXAMPLE = List.of(
            task("A-1").size(S).scope("src/a").build(),
            task("A-2").size(S).scope("src/a/X.java").build(),
            task("A-3").size(S).scope("src/b").build(),
            task("A-4").size(M).scope("src/c").build(),
            task("A-5").size(L).scope("src/d").build(),
            task("A-6").size(L).scope("src/e").build());

    @Test
    void roundRobinDealsGroupsInIdOrder() {
        // {A-1,A-2} A-3 A-4 A-5 A-6 dealt to lanes 1 2 3 1 2: weight is ignored, lane 1 ends up at 6.
        Plan plan = Planner.plan(WORKED_EXAMPLE, 3, Strategy.ROUND_ROBIN);

        assertEquals(List.of(List.of(
                List.of("A-1", "A-2", "A-5"),
                List.of("A-3", "A-6"),
                List.of("A-4"))), shape(plan));
        assertEquals(List.of(6, 5, 2), weights(plan));
        assertEquals(6, plan.estimate());
    }

    @Test
    void loadBalancedPlacesHeaviestFirstOnTheLightestLane() {
        // A-5(4)->1, A-6(4)->2, {A-1,A-2}(2)->3, A-4(2)->3, A-3(1)->1
        Plan plan = Planner.plan(WORKED_EXAMPLE, 3, Strategy.LOAD_BALANCED);

        assertEquals(List.of(List.of(
                List.of("A-3", "A-5"),
                List.of("A-6"),
                List.of("A-1", "A-2", "A-4"))), shape(plan));
        assertEquals(List.of(5, 4, 4), weights(plan));
        assertEquals(5, plan.estimate());
    }

    @Test
    void affinityFirstPlacesOverlapGroupsBeforeSingles() {
        // {A-1,A-2}(2)->1, then singles heaviest first: A-5->2, A-6->3, A-4->1, A-3->1 (all at 4, lowest wins)
        Plan plan = Planner.plan(WORKED_EXAMPLE, 3, Strategy.AFFINITY_FIRST);

        assertEquals(List.of(List.of(
                List.of("A-1", "A-2", "A-3", "A-4"),
                List.of("A-5"),
                List.of("A-6"))), shape(plan));
        assertEquals(List.of(5, 4, 4), weights(plan));
    }

    @Test
    void overlapGroupLargerThanTheLaneBudgetRunsSeriallyInOneLane() {
        List<Task> tasks = List.of(
                task("G-1").scope("src/core").build(),
                task("G-2").scope("src/core/A.java").build(),
                task("G-3").scope("src/core/b").build(),
                task("G-4").scope("src/core/b/C.java").build(),
                task("G-5").scope("src/**/*.java").build(),
                task("H-1").scope("docs").build());

        for (Strategy strategy : Strategy.values()) {
            Plan plan = Planner.plan(tasks, 2, strategy);
            List<List<String>> lanes = shape(plan).get(0);
            assertEquals(2, lanes.size(), strategy.label());
            assertTrue(lanes.contains(List.of("G-1", "G-2", "G-3", "G-4", "G-5")), strategy + ": " + lanes);
            assertTrue(lanes.contains(List.of("H-1")), strategy + ": " + lanes);
        }
        Plan alone = Planner.plan(tasks.subList(0, 5), 3, Strategy.LOAD_BALANCED);
        assertEquals(List.of(List.of(List.of("G-1", "G-2", "G-3", "G-4", "G-5"))), shape(alone));
    }

    @Test
    void laneCountIsTheSmallerOfBudgetAndGroups() {
        List<Task> three = List.of(task("A-1").build(), task("A-2").build(), task("A-3").build());

        assertEquals(3, Planner.plan(three, 5, Strategy.AFFINITY_FIRST).waves().get(0).lanes().size());
        assertEquals(2, Planner.plan(three, 2, Strategy.AFFINITY_FIRST).waves().get(0).lanes().size());
        assertEquals(1, Planner.plan(three, 1, Strategy.ROUND_ROBIN).waves().get(0).lanes().size());
    }

    @Test
    void randomBacklogsKeepEveryRule() {
        for (int seed = 0; seed < 10; seed++) {
            List<Task> tasks = WavesTest.randomBacklog(new Random(seed), 200);
            for (Strategy strategy : Strategy.values()) {
                for (int maxLanes = 1; maxLanes <= 6; maxLanes++) {
                    checkRules(tasks, Planner.plan(tasks, maxLanes, strategy), maxLanes,
                            strategy + " lanes=" + maxLanes + " seed=" + seed);
                }
            }
        }
    }

    private static void checkRules(List<Task> tasks, Plan plan, int maxLanes, String context) {
        Map<TaskId, Integer> waveOf = new HashMap<>();
        Map<TaskId, Integer> laneOf = new HashMap<>();
        for (WavePlan wave : plan.waves()) {
            List<Task> members = new ArrayList<>();
            for (LanePlan lane : wave.lanes()) {
                assertEquals(wave.lanes().indexOf(lane) + 1, lane.number(), context);
                assertEquals(lane.tasks().stream().sorted().toList(), lane.tasks(), context + ": lane order");
                assertEquals(lane.tasks().stream().mapToInt(id -> plan.tasks().get(id).weight()).sum(),
                        lane.weight(), context);
                for (TaskId id : lane.tasks()) {
                    assertEquals(null, waveOf.put(id, wave.number()), context + ": " + id + " placed twice");
                    laneOf.put(id, lane.number());
                    members.add(plan.tasks().get(id));
                }
            }
            int groups = ScopeGroups.of(members).size();
            assertEquals(Math.min(maxLanes, groups), wave.lanes().size(), context + " wave " + wave.number());
            assertTrue(wave.lanes().size() <= maxLanes, context);
            for (Task a : members) {
                for (Task b : members) {
                    if (sharesFiles(a, b)) {
                        assertEquals(laneOf.get(a.id()), laneOf.get(b.id()), context + ": " + a.id() + "~" + b.id());
                    }
                }
            }
        }
        Set<TaskId> all = new HashSet<>();
        tasks.forEach(t -> all.add(t.id()));
        assertEquals(all, waveOf.keySet(), context + ": every task planned once");
        for (Task task : tasks) {
            for (TaskId dependency : task.pendingDependencies()) {
                assertTrue(waveOf.get(dependency) < waveOf.get(task.id()), context + ": " + task.id());
            }
        }
    }

    private static boolean sharesFiles(Task a, Task b) {
        return a.spec().fileScope().stream()
                .anyMatch(x -> b.spec().fileScope().stream().anyMatch(y -> FileScopes.overlap(x, y)));
    }

    private static List<Integer> weights(Plan plan) {
        return plan.waves().get(0).lanes().stream().map(LanePlan::weight).toList();
    }
}
