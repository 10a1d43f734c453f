package dev.orch.engine.tasks;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Finds dependency cycles in linear time without recursion (a 10,000-task chain must not overflow the stack):
 * Tarjan's strongly connected components, iteratively, then one shortest cycle per component.
 */
final class Cycles {

    private Cycles() {
    }

    /**
     * One cycle per strongly connected component of more than one node, each as a closed path that starts and ends
     * at the component's lowest node ({@code [0, 3, 1, 0]}), components in order of their lowest node.
     * Self-loops are not reported (discovery reports those as self-dependencies).
     *
     * @param edges {@code edges[v]} = the nodes {@code v} depends on, each array sorted
     */
    static List<List<Integer>> find(int[][] edges) {
        List<int[]> components = stronglyConnectedComponents(edges);
        int[] componentOf = new int[edges.length];
        Arrays.fill(componentOf, -1);
        List<List<Integer>> cycles = new ArrayList<>();
        for (int c = 0; c < components.size(); c++) {
            int[] members = components.get(c);
            if (members.length < 2) {
                continue;
            }
            for (int v : members) {
                componentOf[v] = c;
            }
            int start = Arrays.stream(members).min().orElseThrow();
            cycles.add(shortestCycleThrough(start, c, componentOf, edges));
        }
        cycles.sort((a, b) -> Integer.compare(a.get(0), b.get(0)));
        return cycles;
    }

    /** Breadth-first from {@code start} inside its component until an edge leads back to it. */
    private static List<Integer> shortestCycleThrough(int start, int component, int[] componentOf, int[][] edges) {
        int[] parent = new int[edges.length];
        Arrays.fill(parent, -2);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(start);
        parent[start] = -1;
        while (!queue.isEmpty()) {
            int v = queue.poll();
            for (int w : edges[v]) {
                if (w == start) {
                    List<Integer> path = new ArrayList<>();
                    path.add(start);
                    for (int u = v; u != -1; u = parent[u]) {
                        path.add(u);
                    }
                    Collections.reverse(path); // start, ..., v, start
                    return path;
                }
                if (componentOf[w] == component && parent[w] == -2) {
                    parent[w] = v;
                    queue.add(w);
                }
            }
        }
        throw new IllegalStateException("component without a cycle through " + start);
    }

    /** Tarjan's algorithm with an explicit call stack. */
    static List<int[]> stronglyConnectedComponents(int[][] edges) {
        int n = edges.length;
        int[] index = new int[n];
        int[] low = new int[n];
        int[] nextEdge = new int[n];
        boolean[] onStack = new boolean[n];
        Arrays.fill(index, -1);
        int[] stack = new int[n];
        int stackSize = 0;
        int[] calls = new int[n];
        int callSize = 0;
        int counter = 0;
        List<int[]> components = new ArrayList<>();

        for (int root = 0; root < n; root++) {
            if (index[root] != -1) {
                continue;
            }
            index[root] = low[root] = counter++;
            stack[stackSize++] = root;
            onStack[root] = true;
            calls[callSize++] = root;
            while (callSize > 0) {
                int v = calls[callSize - 1];
                if (nextEdge[v] < edges[v].length) {
                    int w = edges[v][nextEdge[v]++];
                    if (index[w] == -1) {
                        index[w] = low[w] = counter++;
                        stack[stackSize++] = w;
                        onStack[w] = true;
                        calls[callSize++] = w;
                    } else if (onStack[w]) {
                        low[v] = Math.min(low[v], index[w]);
                    }
                    continue;
                }
                callSize--;
                if (callSize > 0) {
                    int parent = calls[callSize - 1];
                    low[parent] = Math.min(low[parent], low[v]);
                }
                if (low[v] == index[v]) {
                    int size = 0;
                    while (stack[stackSize - 1 - size] != v) {
                        size++;
                    }
                    size++;
                    int[] members = Arrays.copyOfRange(stack, stackSize - size, stackSize);
                    for (int m : members) {
                        onStack[m] = false;
                    }
                    stackSize -= size;
                    components.add(members);
                }
            }
        }
        return components;
    }
}
