package dev.orch.engine.planning;

import dev.orch.engine.tasks.Task;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a wave's tasks into {@link ScopeGroup}s: tasks whose file scopes overlap, transitively.
 *
 * <p>Every scope entry is inserted into a trie of path segments and marks the node it ends on. Two entries
 * overlap exactly when one's node is an ancestor of (or the same as) the other's, so one walk of the trie that
 * carries the nearest marked ancestor down finds every overlap, and union-find makes it transitive. That costs
 * time proportional to the total number of path segments instead of comparing every pair of tasks.
 */
public final class ScopeGroups {

    private ScopeGroups() {
    }

    /**
     * Groups of overlapping tasks, each sorted by ID, groups ordered by their smallest ID.
     * A task with an empty file scope overlaps nothing and forms a group of its own.
     */
    public static List<ScopeGroup> of(List<Task> tasks) {
        List<Task> sorted = new ArrayList<>(tasks);
        sorted.sort(Comparator.comparing(Task::id));
        return ofSorted(sorted);
    }

    /** As {@link #of}, for tasks already in ID order (the planner's waves are). */
    static List<ScopeGroup> ofSorted(List<Task> sorted) {
        UnionFind unions = new UnionFind(sorted.size());
        TrieNode root = new TrieNode();
        for (int task = 0; task < sorted.size(); task++) {
            for (String entry : sorted.get(task).spec().fileScope()) {
                root.descend(FileScopes.coveredSegments(entry)).mark(task, unions);
            }
        }
        unionAlongTrie(root, unions);
        return collect(sorted, unions);
    }

    /** Joins every marked node with its nearest marked ancestor; the marks are already joined within a node. */
    private static void unionAlongTrie(TrieNode root, UnionFind unions) {
        Deque<TrieNode> nodes = new ArrayDeque<>();
        Deque<Integer> inherited = new ArrayDeque<>();
        nodes.push(root);
        inherited.push(-1);
        while (!nodes.isEmpty()) {
            TrieNode node = nodes.pop();
            int ancestorTask = inherited.pop();
            int carried = ancestorTask;
            if (node.task >= 0) {
                if (ancestorTask >= 0) {
                    unions.union(ancestorTask, node.task);
                }
                carried = node.task;
            }
            node.pushChildren(nodes, inherited, carried);
        }
    }

    private static List<ScopeGroup> collect(List<Task> sorted, UnionFind unions) {
        // Tasks are visited in ID order, so each group's list is sorted and groups appear by smallest ID.
        Map<Integer, List<Task>> byRoot = new LinkedHashMap<>();
        for (int task = 0; task < sorted.size(); task++) {
            byRoot.computeIfAbsent(unions.find(task), r -> new ArrayList<>()).add(sorted.get(task));
        }
        List<ScopeGroup> groups = new ArrayList<>(byRoot.size());
        for (List<Task> members : byRoot.values()) {
            groups.add(ScopeGroup.of(members));
        }
        return groups;
    }

    private static final class TrieNode {
        // Most nodes have one child (a path runs on alone below a shared prefix): keep it in two fields and
        // switch to a map only at the second child, which saves most of the allocation on large backlogs.
        private String onlySegment;
        private TrieNode onlyChild;
        private Map<String, TrieNode> children;
        /** A task whose scope ends here (all such tasks are joined), or -1. */
        private int task = -1;

        TrieNode descend(List<String> segments) {
            TrieNode node = this;
            for (String segment : segments) {
                node = node.child(segment);
            }
            return node;
        }

        private TrieNode child(String segment) {
            if (children != null) {
                TrieNode found = children.get(segment);
                if (found == null) {
                    found = new TrieNode();
                    children.put(segment, found);
                }
                return found;
            }
            if (onlyChild == null) {
                onlySegment = segment;
                onlyChild = new TrieNode();
                return onlyChild;
            }
            if (onlySegment.equals(segment)) {
                return onlyChild;
            }
            children = new HashMap<>(4);
            children.put(onlySegment, onlyChild);
            onlySegment = null;
            onlyChild = null;
            TrieNode added = new TrieNode();
            children.put(segment, added);
            return added;
        }

        void pushChildren(Deque<TrieNode> nodes, Deque<Integer> inherited, int carried) {
            if (onlyChild != null) {
                nodes.push(onlyChild);
                inherited.push(carried);
            } else if (children != null) {
                for (TrieNode child : children.values()) {
                    nodes.push(child);
                    inherited.push(carried);
                }
            }
        }

        void mark(int taskIndex, UnionFind unions) {
            if (task < 0) {
                task = taskIndex;
            } else {
                unions.union(task, taskIndex);
            }
        }
    }

    /** Union-find over task indices with path halving and union by size. */
    private static final class UnionFind {
        private final int[] parent;
        private final int[] size;

        UnionFind(int count) {
            parent = new int[count];
            size = new int[count];
            for (int i = 0; i < count; i++) {
                parent[i] = i;
                size[i] = 1;
            }
        }

        int find(int x) {
            while (parent[x] != x) {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            return x;
        }

        void union(int a, int b) {
            int rootA = find(a);
            int rootB = find(b);
            if (rootA == rootB) {
                return;
            }
            if (size[rootA] < size[rootB]) {
                int swap = rootA;
                rootA = rootB;
                rootB = swap;
            }
            parent[rootB] = rootA;
            size[rootA] += size[rootB];
        }
    }
}
