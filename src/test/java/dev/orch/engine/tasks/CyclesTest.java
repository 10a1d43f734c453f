package dev.orch.engine.tasks;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CyclesTest {

    @Test
    void acyclicGraphHasNoCycles() {
        int[][] edges = {{1, 2}, {2}, {}};
        assertEquals(List.of(), Cycles.find(edges));
    }

    @Test
    void shortestCycleThroughTheLowestNodeOfEachComponent() {
        // 0 -> 1 -> 2 -> 0 and 0 -> 3 -> 1 (same component); 4 <-> 5; 6 -> 6 is a self-loop, not reported
        int[][] edges = {{1, 3}, {2}, {0}, {1}, {5}, {4}, {6}};
        assertEquals(List.of(List.of(0, 1, 2, 0), List.of(4, 5, 4)), Cycles.find(edges));
    }

    @Test
    void longChainsDoNotOverflowTheStack() {
        int n = 200_000;
        int[][] chain = new int[n][];
        for (int i = 0; i < n; i++) {
            chain[i] = i + 1 < n ? new int[] {i + 1} : new int[0];
        }
        assertEquals(List.of(), Cycles.find(chain));

        chain[n - 1] = new int[] {0}; // close the chain into one huge cycle
        List<List<Integer>> cycles = Cycles.find(chain);
        assertEquals(1, cycles.size());
        assertEquals(n + 1, cycles.get(0).size());
        assertEquals(0, cycles.get(0).get(0));
        assertEquals(0, cycles.get(0).get(n));
    }
}
