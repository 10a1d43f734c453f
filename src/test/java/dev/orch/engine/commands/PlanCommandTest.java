package dev.orch.engine.commands;

import dev.orch.engine.Console;
import dev.orch.engine.OrchConfig;
import dev.orch.engine.OrchException;
import dev.orch.engine.git.Git;
import dev.orch.engine.planning.LanePlan;
import dev.orch.engine.planning.Plan;
import dev.orch.engine.planning.WavePlan;
import dev.orch.engine.tasks.TaskId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code orch:plan} on real git repositories in temporary folders, planning the bundled example. */
class PlanCommandTest {
    private static final Path EXAMPLE = Path.of("src", "example");

    @TempDir
    Path temp;

    private final List<String> printed = new ArrayList<>();
    private final Console console = new Console() {
        @Override public void info(String line) { printed.add(line); }
        @Override public void warn(String line) { printed.add("WARN " + line); }
        @Override public void error(String line) { printed.add("ERROR " + line); }
    };

    @Test
    void plansTheBundledExampleIntoThreeWavesAndWritesThePlanFiles() throws IOException {
        Path project = temp.resolve("shop");
        copyExample(project);
        commitAll(project);

        Plan plan = new PlanCommand(OrchConfig.defaults(project), console).run();

        assertEquals(List.of(
                List.of(List.of("CORE-001"), List.of("CORE-002"), List.of("WEB-001")),
                // CORE-003 and CORE-004 both touch FEATURES.md: one lane, one after the other.
                List.of(List.of("CORE-003", "CORE-004"), List.of("WEB-002")),
                List.of(List.of("WEB-003"), List.of("WEB-004"))), lanes(plan));
        assertTrue(printed.contains("Wave 3 (est. 4 units):"), printed.toString());
        Path state = project.resolve("target/orchestrate");
        assertTrue(Files.readString(state.resolve("plan.json")).contains("\"CORE-003\""));
        assertTrue(Files.readString(state.resolve("plan.mmd")).contains("CORE-003"));
        assertEquals("Plan written to target/orchestrate/plan.json and target/orchestrate/plan.mmd",
                printed.get(printed.size() - 1));
    }

    @Test
    void areasAndLaneBudgetReachThePlan() throws IOException {
        Path project = temp.resolve("shop");
        copyExample(project);
        commitAll(project);
        OrchConfig defaults = OrchConfig.defaults(project);
        OrchConfig coreInOneLane = new OrchConfig(defaults.projectDir(), defaults.tasksDirectory(), List.of("core"),
                1, defaults.strategy(), null, "auto", 1, 0, 30, "skip-dependents", "pause", "fewest-files-first",
                null, null, "ff", defaults.worktreeDirectory(), defaults.stateDirectory());

        Plan plan = new PlanCommand(coreInOneLane, console).run();

        assertEquals(List.of(
                List.of(List.of("CORE-001", "CORE-002")),
                List.of(List.of("CORE-003", "CORE-004"))), lanes(plan));
    }

    @Test
    void selectingAnAreaWhoseTasksNeedAnotherIsRefusedWithTheAreaToAdd() throws IOException {
        Path project = temp.resolve("shop");
        copyExample(project);
        commitAll(project);
        OrchConfig defaults = OrchConfig.defaults(project);
        OrchConfig webOnly = new OrchConfig(defaults.projectDir(), defaults.tasksDirectory(), List.of("web"),
                defaults.maxLanes(), defaults.strategy(), null, "auto", 1, 0, 30, "skip-dependents", "pause",
                "fewest-files-first", null, null, "ff", defaults.worktreeDirectory(), defaults.stateDirectory());

        OrchException refused = assertThrows(OrchException.class, () -> new PlanCommand(webOnly, console).run());

        assertTrue(refused.getMessage().contains("ORCH-E011 DEPENDENCY_OUTSIDE_AREAS"), refused.getMessage());
        assertTrue(refused.getMessage().contains("-Dorch.areas=web,core")
                || refused.getMessage().contains("-Dorch.areas=core,web"), refused.getMessage());
        assertFalse(Files.exists(project.resolve("target")));
    }

    @Test
    void plansAProjectInASubFolderOfALargerRepository() throws IOException {
        Path repository = temp.resolve("monorepo");
        Path project = repository.resolve("apps/shop");
        copyExample(project);
        Files.writeString(repository.resolve("README.md"), "a larger repository\n");
        commitAll(repository);

        Plan plan = new PlanCommand(OrchConfig.defaults(project), console).run();

        assertEquals(3, plan.waves().size());
        assertTrue(Files.isRegularFile(project.resolve("target/orchestrate/plan.json")));
        assertFalse(Files.exists(repository.resolve("target")), "state belongs to the project, not the repository");
    }

    @Test
    void refusesAProjectOutsideAnyGitWorkTree() throws IOException {
        Path project = temp.resolve("plain");
        copyExample(project);
        assumeTrue(Git.topLevel(project).isEmpty(), "the temporary folder lies inside a git work tree here");

        OrchException refused = assertThrows(OrchException.class,
                () -> new PlanCommand(OrchConfig.defaults(project), console).run());

        assertEquals(project.toAbsolutePath().normalize()
                + " is not inside a git work tree; run `git init` or run Orch from inside a repository",
                refused.getMessage());
        assertFalse(Files.exists(project.resolve("target")));
    }

    @Test
    void aBrokenBacklogListsEveryProblemAndChangesNothing() throws IOException {
        Path project = temp.resolve("broken");
        copyExample(project);
        // Three different mistakes in one backlog: all must be reported at once.
        writePrompt(project, "tasks/core/CORE-005-copy", "# Task: CORE-001 — Money again\n");
        writePrompt(project, "tasks/core/CORE-006-typo", "# Task: CORE-006 — Typo\n\n## Dependencies\n\n- CORE-099\n");
        writePrompt(project, "tasks/web/WEB-005-a", "# Task: WEB-005 — A\n\n## Dependencies\n\n- WEB-006\n");
        writePrompt(project, "tasks/web/WEB-006-b", "# Task: WEB-006 — B\n\n## Dependencies\n\n- WEB-005\n");
        commitAll(project);
        String statusBefore = status(project);

        OrchException refused = assertThrows(OrchException.class,
                () -> new PlanCommand(OrchConfig.defaults(project), console).run());

        List<String> lines = refused.getMessage().lines().toList();
        assertEquals("The backlog has 3 problems; nothing was planned or changed:", lines.get(0));
        assertEquals(4, lines.size(), refused.getMessage());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("ORCH-E006 DUPLICATE_ID tasks/core/")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("ORCH-E007 UNKNOWN_DEPENDENCY tasks/core/CORE-006-typo/PROMPT.md:")
                && l.contains("CORE-099")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("ORCH-E010 CYCLE ") && l.contains("WEB-005")
                && l.contains("WEB-006")), lines.toString());
        assertTrue(lines.stream().skip(1).allMatch(l -> l.contains(" Fix: ")), lines.toString());
        assertFalse(Files.exists(project.resolve("target")), "nothing may be written");
        assertEquals(statusBefore, status(project));
        assertEquals(List.of(), printed, "the problems are the failure message, not extra output");
    }

    private static List<List<List<String>>> lanes(Plan plan) {
        List<List<List<String>>> waves = new ArrayList<>();
        for (WavePlan wave : plan.waves()) {
            List<List<String>> lanes = new ArrayList<>();
            for (LanePlan lane : wave.lanes()) {
                lanes.add(lane.tasks().stream().map(TaskId::value).toList());
            }
            waves.add(lanes);
        }
        return waves;
    }

    private static void copyExample(Path target) throws IOException {
        assertTrue(Files.isDirectory(EXAMPLE), "run from the plugin's project directory");
        try (Stream<Path> files = Files.walk(EXAMPLE)) {
            for (Path source : files.toList()) {
                Path destination = target.resolve(EXAMPLE.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(source, destination);
                }
            }
        }
    }

    private static void writePrompt(Path project, String folder, String text) throws IOException {
        Path dir = Files.createDirectories(project.resolve(folder));
        Files.writeString(dir.resolve("PROMPT.md"), text);
    }

    private static void commitAll(Path repository) {
        Git git = new Git(repository);
        git.out("init", "-q", "-b", "main");
        git.out("add", "-A");
        git.out("commit", "-q", "-m", "initial");
    }

    private static String status(Path repository) {
        return new Git(repository).out("status", "--porcelain", "--ignored", "--untracked-files=all");
    }
}
