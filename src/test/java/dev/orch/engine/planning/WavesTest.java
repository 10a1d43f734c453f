package dev.orch.engine.planning;

import dev.orch.engine.tasks.Task;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static dev.orch.engine.planning.TestTasks.task;
import static dev.orch.engine.planning.TestTasks.waveMembers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WavesTest {

    @Test
    void diamondGivesThreeLevels() {
        List<Task> diamond = List.of(
                task("D-4").after("D-2", "D-3").build(),
                task("D-3").after("D-1").build(),
                task("D-2").after("D-1").build(),
                task("D-1").build());

        Plan plan = Planner.plan(diamond, 3, Strategy.AFFINITY_FIRST);

        assertEquals(List.of(List.of("D-1"), List.of("D-2", "D-3"), List.of("D-4")), waveMembers(plan));
    }

    @Test
    void chainGivesOneWavePerTask() {
        List<Task> chain = List.of(
                task("C-3").after("C-2").build(),
                task("C-1").build(),
                task("C-2").after("C-1").build());

        Plan plan = Planner.plan(chain, 3, Strategy.AFFINITY_FIRST);

        assertEquals(List.of(List.of("C-1"), List.of("C-2"), List.of("C-3")), waveMembers(plan));
    }

    @Test
    void taskWaitsForItsDeepestDependency() {
        // X-9 depends on a wave-1 task and a wave-3 task: it belongs to wave 4, not wave 2.
        List<Task> tasks = List.of(
                task("X-1").build(),
                task("X-2").after("X-1").build(),
                task("X-3").after("X-2").build(),
                task("X-9").after("X-1", "X-3").build(),
                task("Y-1").build());

        Plan plan = Planner.plan(tasks, 3, Strategy.AFFINITY_FIRST);

        assertEquals(List.of(List.of("X-1", "Y-1"), List.of("X-2"), List.of("X-3"), List.of("X-9")),
                waveMembers(plan));
    }

    @Test
    void wavesAndLanesAreOrderedById() {
        List<Task> tasks = List.of(task("B-2").build(), task("A-10").build(), task("A-2").build());

        Plan plan = Planner.plan(tasks, 1, Strategy.ROUND_ROBIN);

        // string order of IDs, one lane: A-10 < A-2 < B-2
        assertEquals(List.of(List.of(List.of("A-10", "A-2", "B-2"))), TestTasks.shape(plan));
    }

    @Test
    void sameTasksInAnyOrderGiveTheSamePlan() {
        List<Task> tasks = randomBacklog(new Random(7), 300);
        for (Strategy strategy : Strategy.values()) {
            Plan expected = Planner.plan(tasks, 4, strategy);
            Random shuffler = new Random(11);
            for (int round = 0; round < 20; round++) {
                List<Task> shuffled = new ArrayList<>(tasks);
                Collections.shuffle(shuffled, shuffler);
                assertEquals(expected, Planner.plan(shuffled, 4, strategy), strategy + " round " + round);
            }
        }
    }

    @Test
    void emptyBacklogGivesEmptyPlan() {
        Plan plan = Planner.plan(List.of(), 3, Strategy.AFFINITY_FIRST);

        assertTrue(plan.waves().isEmpty());
        assertTrue(plan.criticalPath().isEmpty());
        assertEquals(0, plan.estimate());
    }

    @Test
    void refusesWhatDiscoveryShouldHaveCaught() {
        assertThrows(IllegalArgumentException.class, () -> Planner.plan(List.of(
                task("A-1").after("A-2").build(), task("A-2").after("A-1").build()), 3, Strategy.AFFINITY_FIRST));
        assertThrows(IllegalArgumentException.class, () -> Planner.plan(List.of(
                task("A-1").after("A-7").build()), 3, Strategy.AFFINITY_FIRST));
        assertThrows(IllegalArgumentException.class, () -> Planner.plan(List.of(
                task("A-1").build(), task("A-1").build()), 3, Strategy.AFFINITY_FIRST));
        assertThrows(IllegalArgumentException.class, () -> Planner.plan(List.of(
                task("A-1").after("A-1").build()), 3, Strategy.AFFINITY_FIRST));
        assertThrows(IllegalArgumentException.class, () -> Planner.plan(List.of(
                task("A-1").build()), 0, Strategy.AFFINITY_FIRST));
    }

    /** Tasks with random earlier dependencies, sizes and overlapping scopes. */
    static List<Task> randomBacklog(Random random, int count) {
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            TestTasks task = task("R-" + i).size(dev.orch.engine.tasks.Size.values()[random.nextInt(3)]);
            Set<String> dependencies = new TreeSet<>();
            int dependencyCount = i == 0 ? 0 : random.nextInt(4);
            for (int d = 0; d < dependencyCount; d++) {
                dependencies.add("R-" + random.nextInt(i));
            }
            task.after(dependencies.toArray(String[]::new));
            int entries = random.nextInt(3);
            for (int e = 0; e < entries; e++) {
                task.scope(randomScope(random));
            }
            tasks.add(task.build());
        }
        return tasks;
    }

    static String randomScope(Random random) {
        String dir = "src/m" + random.nextInt(40);
        return switch (random.nextInt(4)) {
            case 0 -> dir;
            case 1 -> dir + "/p" + random.nextInt(5);
            case 2 -> dir + "/p" + random.nextInt(5) + "/F" + random.nextInt(5) + ".java";
            default -> dir + "/**/*.java";
        };
    }
}
