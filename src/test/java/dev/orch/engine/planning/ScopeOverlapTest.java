package dev.orch.engine.planning;

import dev.orch.engine.tasks.Task;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static dev.orch.engine.planning.TestTasks.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScopeOverlapTest {

    @Test
    void entryCoversPathsBelowItBySegment() {
        assertTrue(FileScopes.overlap("src/a", "src/a/X.java"));
        assertTrue(FileScopes.overlap("src/a/X.java", "src/a"));
        assertTrue(FileScopes.overlap("src/a", "src/a"));
        assertFalse(FileScopes.overlap("src/a", "src/ab"));
        assertFalse(FileScopes.overlap("src/a/X.java", "src/a/Y.java"));
        assertFalse(FileScopes.overlap("src/a", "test/a"));
    }

    @Test
    void globCoversTheDirectoryBeforeItsFirstGlobChar() {
        assertEquals(List.of("src"), FileScopes.coveredSegments("src/**/*.java"));
        assertEquals(List.of("src", "a"), FileScopes.coveredSegments("src/a/Foo*.java"));
        assertEquals(List.of(), FileScopes.coveredSegments("**/*.java"));
        assertEquals(List.of(), FileScopes.coveredSegments("*.md"));
        assertTrue(FileScopes.overlap("src/**/*.java", "src/deep/down/X.java"));
        assertTrue(FileScopes.overlap("src/a/Foo*.java", "src/a/Bar.java"));
        assertFalse(FileScopes.overlap("src/**/*.java", "docs/x.md"));
        assertFalse(FileScopes.overlap("src/ab/**", "src/a/X.java"));
        assertTrue(FileScopes.overlap("**/*.java", "docs/x.md"));
    }

    @Test
    void segmentsIgnoreDotsSlashesAndBackslashes() {
        assertEquals(List.of("src", "a"), FileScopes.coveredSegments("./src//a/"));
        assertEquals(List.of("src", "a", "B.java"), FileScopes.coveredSegments("src\\a\\B.java"));
        assertTrue(FileScopes.overlap("./src/a/", "src/a/B.java"));
    }

    @Test
    void prefixOverlapPutsTasksInOneGroup() {
        List<ScopeGroup> groups = ScopeGroups.of(List.of(
                task("A-1").scope("src/a").build(),
                task("A-2").scope("src/a/X.java").build(),
                task("A-3").scope("src/ab").build()));

        assertEquals(List.of(List.of("A-1", "A-2"), List.of("A-3")), ids(groups));
    }

    @Test
    void globGroupsWhatItsDirectoryHolds() {
        List<ScopeGroup> groups = ScopeGroups.of(List.of(
                task("G-1").scope("lib/**/*.java").build(),
                task("G-2").scope("lib/x/Y.java").build(),
                task("G-3").scope("docs/index.md").build(),
                task("G-4").scope("libs/z").build()));

        assertEquals(List.of(List.of("G-1", "G-2"), List.of("G-3"), List.of("G-4")), ids(groups));
    }

    @Test
    void rootGlobOverlapsEveryTaskWithAScope() {
        List<ScopeGroup> groups = ScopeGroups.of(List.of(
                task("R-1").scope("**/*.java").build(),
                task("R-2").scope("a").build(),
                task("R-3").scope("b/c").build(),
                task("R-4").build()));

        assertEquals(List.of(List.of("R-1", "R-2", "R-3"), List.of("R-4")), ids(groups));
    }

    @Test
    void overlapIsTransitive() {
        // A~B through src/a, B~C through docs; A and C share nothing directly.
        List<ScopeGroup> groups = ScopeGroups.of(List.of(
                task("T-1").scope("src/a/One.java").build(),
                task("T-2").scope("src/a", "docs").build(),
                task("T-3").scope("docs/guide.md").build(),
                task("T-4").scope("src/b").build()));

        assertEquals(List.of(List.of("T-1", "T-2", "T-3"), List.of("T-4")), ids(groups));
        Plan plan = Planner.plan(List.of(
                task("T-1").scope("src/a/One.java").build(),
                task("T-2").scope("src/a", "docs").build(),
                task("T-3").scope("docs/guide.md").build(),
                task("T-4").scope("src/b").build()), 4, Strategy.ROUND_ROBIN);
        assertEquals(List.of(List.of(List.of("T-1", "T-2", "T-3"), List.of("T-4"))), TestTasks.shape(plan));
    }

    @Test
    void transitivityThroughADeeperEntryOrderedFirst() {
        // The link runs through a node below both marks: src/a/b/C overlaps src/a and src/a/b.
        List<ScopeGroup> groups = ScopeGroups.of(List.of(
                task("U-1").scope("src/a/b/C.java").build(),
                task("U-2").scope("x", "src/a/b").build(),
                task("U-3").scope("src/a").build(),
                task("U-4").scope("x/y").build()));

        assertEquals(List.of(List.of("U-1", "U-2", "U-3", "U-4")), ids(groups));
    }

    @Test
    void emptyScopeOverlapsNothing() {
        List<ScopeGroup> groups = ScopeGroups.of(List.of(
                task("E-1").build(),
                task("E-2").build(),
                task("E-3").scope("**").build()));

        assertEquals(List.of(List.of("E-1"), List.of("E-2"), List.of("E-3")), ids(groups));
    }

    @Test
    void trieAgreesWithPairwiseDefinitionOnRandomScopes() {
        for (int seed = 0; seed < 30; seed++) {
            Random random = new Random(seed);
            List<Task> tasks = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                TestTasks task = task("P-" + i);
                int entries = random.nextInt(3);
                for (int e = 0; e < entries; e++) {
                    task.scope(WavesTest.randomScope(random).replace("src/m", "src/m" + random.nextInt(3)));
                }
                tasks.add(task.build());
            }
            assertEquals(pairwiseGroups(tasks), ids(ScopeGroups.of(tasks)), "seed " + seed);
        }
    }

    /** The slow, obviously-right definition: compare every pair, close transitively. */
    private static List<List<String>> pairwiseGroups(List<Task> tasks) {
        List<Task> sorted = new ArrayList<>(tasks);
        sorted.sort(Comparator.comparing(Task::id));
        int n = sorted.size();
        int[] group = new int[n];
        for (int i = 0; i < n; i++) {
            group[i] = i;
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (group[i] != group[j] && overlaps(sorted.get(i), sorted.get(j))) {
                        int low = Math.min(group[i], group[j]);
                        group[i] = low;
                        group[j] = low;
                        changed = true;
                    }
                }
            }
        }
        List<List<String>> result = new ArrayList<>();
        for (int g = 0; g < n; g++) {
            List<String> members = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (group[i] == g) {
                    members.add(sorted.get(i).id().value());
                }
            }
            if (!members.isEmpty()) {
                result.add(members);
            }
        }
        return result;
    }

    private static boolean overlaps(Task a, Task b) {
        for (String left : a.spec().fileScope()) {
            for (String right : b.spec().fileScope()) {
                if (FileScopes.overlap(left, right)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<List<String>> ids(List<ScopeGroup> groups) {
        return groups.stream().map(g -> g.tasks().stream().map(t -> t.id().value()).toList()).toList();
    }
}
