package dev.orch.engine.planning;

import dev.orch.engine.tasks.Task;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.orch.engine.planning.TestTasks.ids;
import static dev.orch.engine.planning.TestTasks.task;
import static dev.orch.engine.tasks.Size.L;
import static dev.orch.engine.tasks.Size.M;
import static dev.orch.engine.tasks.Size.S;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CriticalPathTest {

    @Test
    void heaviestChainWinsOverLongestChain() {
        List<Task> tasks = List.of(
                task("C-1").size(L).build(),
                task("C-2").size(S).build(),
                task("C-3").size(M).after("C-1").build(),
                task("C-4").size(S).after("C-2").build(),
                task("C-5").size(M).after("C-3", "C-4").build(),
                // four tasks long but only 4 units heavy
                task("D-1").size(S).build(),
                task("D-2").size(S).after("D-1").build(),
                task("D-3").size(S).after("D-2").build(),
                task("D-4").size(S).after("D-3").build());

        Plan plan = Planner.plan(tasks, 3, Strategy.AFFINITY_FIRST);

        assertEquals(List.of("C-1", "C-3", "C-5"), ids(plan.criticalPath()));
        assertEquals(8, plan.criticalPathWeight());
    }

    @Test
    void tiesGoToTheSmallerId() {
        List<Task> tasks = List.of(
                task("X-1").size(M).build(),
                task("X-2").size(M).after("X-1").build(),
                task("W-2").size(M).after("W-1").build(),
                task("W-1").size(M).build(),
                task("Z-1").size(S).build(),
                task("Z-2").size(S).build(),
                task("Z-3").size(S).after("Z-2", "Z-1").build());

        Plan plan = Planner.plan(tasks, 3, Strategy.AFFINITY_FIRST);

        assertEquals(List.of("W-1", "W-2"), ids(plan.criticalPath()));
        Plan small = Planner.plan(tasks.subList(4, 7), 3, Strategy.AFFINITY_FIRST);
        assertEquals(List.of("Z-1", "Z-3"), ids(small.criticalPath()));
    }

    @Test
    void singleTaskIsItsOwnCriticalPath() {
        Plan plan = Planner.plan(List.of(task("A-1").size(L).build()), 3, Strategy.AFFINITY_FIRST);

        assertEquals(List.of("A-1"), ids(plan.criticalPath()));
        assertEquals(4, plan.criticalPathWeight());
    }
}
