package dev.orch.engine.tasks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BacklogScannerTest {

    @TempDir
    Path project;

    private Path tasks() {
        return project.resolve("tasks");
    }

    /** Creates tasks/&lt;folder&gt;/PROMPT.md with a task heading and the given dependencies. */
    private Path task(String folder, String id, String... dependencies) throws IOException {
        StringBuilder md = new StringBuilder("# Task: " + id + " — " + folder + "\n\n**Size:** S\n\n## Dependencies\n\n");
        if (dependencies.length == 0) {
            md.append("- None\n");
        }
        for (String d : dependencies) {
            md.append("- ").append(d).append('\n');
        }
        md.append("\n## File Scope\n- `src/").append(id).append("/`\n");
        return write(folder, md.toString());
    }

    private Path write(String folder, String promptText) throws IOException {
        Path dir = tasks().resolve(folder);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("PROMPT.md"), promptText);
        return dir;
    }

    private void done(Path taskFolder) throws IOException {
        Files.writeString(taskFolder.resolve(".DONE"), "");
    }

    private Backlog discover(String... areas) {
        return BacklogScanner.discover(tasks(), List.of(areas));
    }

    private static List<String> pendingIds(Backlog backlog) {
        return backlog.pending().stream().map(t -> t.id().value()).collect(Collectors.toList());
    }

    private static Map<String, List<String>> pendingDependencies(Backlog backlog) {
        return backlog.pending().stream().collect(Collectors.toMap(t -> t.id().value(),
                t -> t.pendingDependencies().stream().map(TaskId::value).collect(Collectors.toList())));
    }

    private List<String> rendered(Backlog backlog) {
        return backlog.problems().stream().map(p -> p.render(project)).collect(Collectors.toList());
    }

    private List<String> rendered(Backlog backlog, ProblemCode code) {
        return backlog.problems().stream().filter(p -> p.code() == code).map(p -> p.render(project))
                .collect(Collectors.toList());
    }

    /** Exactly one problem of that code, rendered; asserts the label, the file and the fix are all on the line. */
    private String onlyProblem(Backlog backlog, ProblemCode code, String file) {
        List<String> lines = rendered(backlog, code);
        assertEquals(1, lines.size(), () -> "expected one " + code + " in " + rendered(backlog));
        String line = lines.get(0);
        assertTrue(line.startsWith(code.label() + " " + file + ": "), line);
        assertTrue(line.contains(" Fix: "), line);
        return line;
    }

    // ---- layout ---------------------------------------------------------------------------------------------

    @Test
    void areasAreSubFoldersAndRootTasksBelongToTheTasksFolderArea() throws IOException {
        task("auth/AUTH-002-logout", "AUTH-002", "AUTH-001");
        task("auth/AUTH-001-login", "AUTH-001");
        task("billing/BIL-001-invoice", "BIL-001");
        task("ROOT-1-readme", "ROOT-1");
        Files.createDirectories(tasks().resolve("notes/drafts"));      // no task folders: not an area
        Files.writeString(tasks().resolve("README.md"), "about tasks");  // plain files are ignored
        Files.writeString(tasks().resolve("auth/CONTEXT.md"), "area context");

        Backlog backlog = discover();

        assertTrue(backlog.valid(), () -> rendered(backlog).toString());
        assertEquals(List.of("AUTH-001", "AUTH-002", "BIL-001", "ROOT-1"), pendingIds(backlog));
        Map<String, String> areaById = backlog.all().stream()
                .collect(Collectors.toMap(t -> t.id().value(), TaskSpec::area));
        assertEquals(Map.of("AUTH-001", "auth", "AUTH-002", "auth", "BIL-001", "billing", "ROOT-1", "tasks"),
                areaById);
        assertEquals(List.of("AUTH-001"), pendingDependencies(backlog).get("AUTH-002"));
        TaskSpec login = backlog.all().get(0);
        assertEquals(Size.S, login.size());
        assertEquals("auth/AUTH-001-login", login.name());
        assertEquals(List.of("src/AUTH-001"), login.fileScope());
        assertEquals(tasks().resolve("auth/AUTH-001-login").toAbsolutePath(), login.folder());
    }

    @Test
    void selectedAreasLimitPendingButEveryAreaIsKnown() throws IOException {
        task("auth/AUTH-001-login", "AUTH-001");
        task("billing/BIL-001-invoice", "BIL-001");
        task("ops/OPS-001-deploy", "OPS-001");

        Backlog backlog = discover("billing", " ops ");

        assertTrue(backlog.valid(), () -> rendered(backlog).toString());
        assertEquals(List.of("BIL-001", "OPS-001"), pendingIds(backlog));
        assertEquals(3, backlog.all().size());
    }

    @Test
    void doneTasksAreCompleteAndSatisfyDependencies() throws IOException {
        done(task("auth/AUTH-001-login", "AUTH-001"));
        task("auth/AUTH-002-logout", "AUTH-002", "AUTH-001");
        done(task("billing/BIL-001-invoice", "BIL-001"));
        task("ops/OPS-001-deploy", "OPS-001", "billing/BIL-001", "AUTH-002");

        Backlog backlog = discover("auth", "ops");

        assertTrue(backlog.valid(), () -> rendered(backlog).toString());
        assertEquals(List.of("AUTH-002", "OPS-001"), pendingIds(backlog));
        assertEquals(Map.of("AUTH-002", List.of(), "OPS-001", List.of("AUTH-002")), pendingDependencies(backlog));
        assertTrue(backlog.all().stream().filter(t -> t.id().value().equals("AUTH-001")).findFirst().orElseThrow()
                .complete());
    }

    @Test
    void archiveIsNeverPendingButItsDoneTasksSatisfyDependencies() throws IOException {
        done(task("auth/archive/AUTH-000-old", "AUTH-000"));
        done(task("auth/archive/2025/q4/AUTH-010-older", "AUTH-010"));     // archives may be nested
        task("auth/archive/AUTH-011-abandoned", "AUTH-011");              // archived, never finished
        done(task("archive/ROOT-0-bootstrap", "ROOT-0"));                 // archive directly under tasks/
        task("auth/AUTH-003-mfa", "AUTH-003", "AUTH-000", "auth/AUTH-010", "ROOT-0");

        Backlog backlog = discover();

        assertTrue(backlog.valid(), () -> rendered(backlog).toString());
        assertEquals(List.of("AUTH-003"), pendingIds(backlog));
        assertEquals(List.of(), backlog.pending().get(0).pendingDependencies());
        Set<String> archived = backlog.all().stream().filter(TaskSpec::archived).map(t -> t.id().value())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of("AUTH-000", "AUTH-010", "AUTH-011", "ROOT-0"), archived);
        assertEquals("tasks", backlog.all().stream().filter(t -> t.id().value().equals("ROOT-0")).findFirst()
                .orElseThrow().area());
    }

    @Test
    void dependencyOnArchivedTaskWithoutDoneIsReported() throws IOException {
        task("auth/archive/AUTH-011-abandoned", "AUTH-011");
        task("auth/AUTH-003-mfa", "AUTH-003", "AUTH-011");

        String line = onlyProblem(discover(), ProblemCode.UNKNOWN_DEPENDENCY, "tasks/auth/AUTH-003-mfa/PROMPT.md");
        assertTrue(line.contains("archived without .DONE"), line);
    }

    @Test
    void areaQualifiedDependencyPicksTheTaskOfThatArea() throws IOException {
        task("auth/SHARED-1-auth-part", "SHARED-1");
        done(task("legacy/archive/SHARED-1-old", "SHARED-1"));
        task("billing/BIL-001-invoice", "BIL-001", "auth/SHARED-1");
        task("billing/BIL-002-refund", "BIL-002", "legacy/SHARED-1");

        Backlog backlog = discover();

        assertEquals(List.of(), rendered(backlog, ProblemCode.AMBIGUOUS_DEPENDENCY));
        assertEquals(List.of("SHARED-1"), pendingDependencies(backlog).get("BIL-001"));
        assertEquals(List.of(), pendingDependencies(backlog).get("BIL-002"), "legacy copy is complete");
    }

    @Test
    void hiddenFoldersAreSkipped() throws IOException {
        task(".drafts/DRAFT-1-x", "DRAFT-1");
        task("auth/.wip/AUTH-9-x", "AUTH-9");
        task("auth/AUTH-001-login", "AUTH-001");

        Backlog backlog = discover();

        assertTrue(backlog.valid(), () -> rendered(backlog).toString());
        assertEquals(List.of("AUTH-001"), pendingIds(backlog));
        assertEquals(1, backlog.all().size());
    }

    @Test
    void resultDoesNotDependOnCreationOrder() throws IOException {
        for (int i = 30; i >= 1; i--) {
            task("area" + (i % 4) + "/T-" + i + "-x", "T-" + i, i > 1 ? "T-" + (i - 1) : "None");
        }
        Backlog first = discover();
        Backlog second = discover();
        assertEquals(first, second);
        assertEquals(30, first.pending().size());
        assertEquals("T-1", first.pending().get(0).id().value());
        assertEquals("T-10", first.pending().get(1).id().value());
    }

    // ---- one test per problem code --------------------------------------------------------------------------

    @Test
    void duplicateIdsNameBothFiles() throws IOException {
        task("auth/AUTH-001-login", "AUTH-001");
        task("auth/AUTH-001-signin", "AUTH-001");

        Backlog backlog = discover();

        String line = onlyProblem(backlog, ProblemCode.DUPLICATE_ID, "tasks/auth/AUTH-001-login/PROMPT.md");
        assertTrue(line.contains("tasks/auth/AUTH-001-signin/PROMPT.md"), line);
        assertEquals(List.of("AUTH-001"), pendingIds(backlog), "planned once, never twice");
    }

    @Test
    void pendingTaskReusingTheIdOfAnArchivedTaskIsADuplicate() throws IOException {
        done(task("auth/archive/AUTH-001-login", "AUTH-001"));
        task("auth/AUTH-001-login-v2", "AUTH-001");
        task("auth/AUTH-002-logout", "AUTH-002", "AUTH-001");

        Backlog backlog = discover();

        String line = onlyProblem(backlog, ProblemCode.DUPLICATE_ID, "tasks/auth/AUTH-001-login-v2/PROMPT.md");
        assertTrue(line.contains("tasks/auth/archive/AUTH-001-login/PROMPT.md (archived, complete)"), line);
        assertEquals(List.of("AUTH-001"), pendingDependencies(backlog).get("AUTH-002"),
                "the complete archived copy must not hide the pending one");
    }

    @Test
    void completeCopiesAloneAreNotDuplicates() throws IOException {
        done(task("auth/archive/AUTH-001-login", "AUTH-001"));
        done(task("auth/archive/2024/AUTH-001-login", "AUTH-001"));
        task("auth/AUTH-002-logout", "AUTH-002", "AUTH-001");

        Backlog backlog = discover();
        assertTrue(backlog.valid(), () -> rendered(backlog).toString());
    }

    @Test
    void unknownDependency() throws IOException {
        task("auth/AUTH-002-logout", "AUTH-002", "AUTH-099");

        String line = onlyProblem(discover(), ProblemCode.UNKNOWN_DEPENDENCY, "tasks/auth/AUTH-002-logout/PROMPT.md");
        assertTrue(line.contains("AUTH-099"), line);
    }

    @Test
    void qualifiedDependencyOnTheWrongAreaSaysWhereTheTaskIs() throws IOException {
        task("auth/AUTH-001-login", "AUTH-001");
        task("billing/BIL-001-invoice", "BIL-001", "billing/AUTH-001", "payments/PAY-1");

        List<String> lines = rendered(discover(), ProblemCode.UNKNOWN_DEPENDENCY);
        assertEquals(2, lines.size(), lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.contains("Fix: Write auth/AUTH-001")), lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.contains("no area 'payments'")), lines::toString);
    }

    @Test
    void ambiguousDependency() throws IOException {
        task("auth/SHARED-1-auth-part", "SHARED-1");
        task("legacy/archive/SHARED-1-old", "SHARED-1");
        task("billing/BIL-001-invoice", "BIL-001", "SHARED-1");

        String line = onlyProblem(discover(), ProblemCode.AMBIGUOUS_DEPENDENCY,
                "tasks/billing/BIL-001-invoice/PROMPT.md");
        assertTrue(line.contains("auth and legacy"), line);
        assertTrue(line.contains("Fix: Qualify it as area/ID, e.g. 'auth/SHARED-1'."), line);
    }

    @Test
    void selfDependency() throws IOException {
        task("auth/AUTH-001-login", "AUTH-001", "AUTH-001");
        task("auth/AUTH-002-logout", "AUTH-002", "auth/AUTH-002");

        Backlog backlog = discover();

        List<String> lines = rendered(backlog, ProblemCode.SELF_DEPENDENCY);
        assertEquals(2, lines.size(), lines::toString);
        assertTrue(lines.get(0).startsWith("ORCH-E009 SELF_DEPENDENCY tasks/auth/AUTH-001-login/PROMPT.md: "
                + "AUTH-001 depends on itself. Fix: "), lines.get(0));
        assertEquals(List.of(), rendered(backlog, ProblemCode.CYCLE), "a self-dependency is not also a cycle");
    }

    @Test
    void cyclePrintsTheWholeCycleOnce() throws IOException {
        task("a/A-1-x", "A-1", "A-2");
        task("a/A-2-x", "A-2", "A-3");
        task("a/A-3-x", "A-3", "A-1");
        task("a/A-4-x", "A-4", "A-1");          // depends on the cycle, is not in it
        task("b/B-1-x", "B-1", "B-2");
        task("b/B-2-x", "B-2", "B-1");

        Backlog backlog = discover();

        List<String> lines = rendered(backlog, ProblemCode.CYCLE);
        assertEquals(2, lines.size(), lines::toString);
        assertTrue(lines.get(0).startsWith("ORCH-E010 CYCLE tasks/a/A-1-x/PROMPT.md: Dependency cycle: "
                + "A-1 -> A-2 -> A-3 -> A-1 "), lines.get(0));
        assertTrue(lines.get(0).contains(" Fix: "), lines.get(0));
        assertTrue(lines.get(1).contains("B-1 -> B-2 -> B-1"), lines.get(1));
        assertEquals(2, backlog.problems().size(), () -> rendered(backlog).toString());
    }

    @Test
    void pendingDependencyOutsideTheSelectedAreasNamesTheAreaToAdd() throws IOException {
        task("auth/AUTH-002-logout", "AUTH-002", "BIL-001");
        task("billing/BIL-001-invoice", "BIL-001");
        task("ops/OPS-001-deploy", "OPS-001");

        String line = onlyProblem(discover("auth", "ops"), ProblemCode.DEPENDENCY_OUTSIDE_AREAS,
                "tasks/auth/AUTH-002-logout/PROMPT.md");
        assertTrue(line.contains("pending in area 'billing'"), line);
        assertTrue(line.contains("Fix: Add the area: -Dorch.areas=auth,billing,ops"), line);
    }

    @Test
    void promptWithoutId() throws IOException {
        write("auth/login", "# Login flow\n\nMake login work.\n");

        String line = onlyProblem(discover(), ProblemCode.PROMPT_NO_ID, "tasks/auth/login/PROMPT.md");
        assertTrue(line.contains("'login'"), line);
    }

    @Test
    void promptWithBadId() throws IOException {
        write("auth/AUTH-001-login", "# Task: auth-1 — Login\n");

        String line = onlyProblem(discover(), ProblemCode.PROMPT_BAD_ID, "tasks/auth/AUTH-001-login/PROMPT.md");
        assertTrue(line.contains("'auth-1'"), line);
        assertTrue(line.contains("Fix: Write the ID that way in the heading, e.g. '# Task: AUTH-1"), line);
    }

    @Test
    void promptThatIsNotUtf8IsUnreadable() throws IOException {
        Path dir = tasks().resolve("auth/AUTH-001-login");
        Files.createDirectories(dir);
        Files.write(dir.resolve("PROMPT.md"), new byte[] {'#', ' ', 'T', (byte) 0xC3, (byte) 0x28, (byte) 0xFF});

        String line = onlyProblem(discover(), ProblemCode.PROMPT_UNREADABLE, "tasks/auth/AUTH-001-login/PROMPT.md");
        assertTrue(line.contains("not valid UTF-8"), line);
    }

    @Test
    void promptThatIsADirectoryIsUnreadable() throws IOException {
        Files.createDirectories(tasks().resolve("auth/AUTH-001-login/PROMPT.md"));
        task("auth/AUTH-002-logout", "AUTH-002");

        String line = onlyProblem(discover(), ProblemCode.PROMPT_UNREADABLE, "tasks/auth/AUTH-001-login/PROMPT.md");
        assertTrue(line.contains("is a directory"), line);
    }

    @Test
    void rootLevelTaskWithADirectoryAsPromptIsUnreadable() throws IOException {
        Files.createDirectories(tasks().resolve("ROOT-1-x/PROMPT.md"));

        onlyProblem(discover(), ProblemCode.PROMPT_UNREADABLE, "tasks/ROOT-1-x/PROMPT.md");
    }

    @Test
    void unknownAreaListsTheKnownOnes() throws IOException {
        task("auth/AUTH-001-login", "AUTH-001");
        task("billing/BIL-001-invoice", "BIL-001");

        Backlog backlog = discover("auth", "biling");

        String line = onlyProblem(backlog, ProblemCode.UNKNOWN_AREA, "tasks");
        assertTrue(line.contains("'biling'"), line);
        assertTrue(line.contains("known areas: auth, billing"), line);
        assertEquals(List.of("AUTH-001"), pendingIds(backlog));
    }

    @Test
    void missingTasksDirectory() {
        Backlog backlog = discover();

        assertEquals(List.of("ORCH-E001 TASKS_DIR_MISSING tasks: The tasks directory does not exist. Fix: Create it"
                        + " with one folder per area, each holding task folders with a PROMPT.md, or point"
                        + " -Dorch.tasksDirectory at the folder that holds your tasks."),
                rendered(backlog));
        assertTrue(backlog.pending().isEmpty());
    }

    @Test
    void everyProblemIsReportedAtOnceInAFixedOrder() throws IOException {
        task("auth/AUTH-001-login", "AUTH-001", "AUTH-404");
        task("auth/AUTH-001-dupe", "AUTH-001");
        task("auth/AUTH-002-self", "AUTH-002", "AUTH-002");
        task("auth/AUTH-003-x", "AUTH-003", "AUTH-004");
        task("auth/AUTH-004-x", "AUTH-004", "AUTH-003", "BIL-001");
        task("billing/BIL-001-invoice", "BIL-001");
        write("auth/no-id", "# Just a title\n");
        write("auth/AUTH-005-bad", "# Task: auth-5 — lowercase\n");
        Files.createDirectories(tasks().resolve("auth/AUTH-006-dir/PROMPT.md"));

        Backlog backlog = discover("auth", "nope");

        List<String> lines = rendered(backlog);
        assertEquals(List.of(
                "ORCH-E002 UNKNOWN_AREA tasks:",
                "ORCH-E006 DUPLICATE_ID tasks/auth/AUTH-001-dupe/PROMPT.md:",
                "ORCH-E007 UNKNOWN_DEPENDENCY tasks/auth/AUTH-001-login/PROMPT.md:",
                "ORCH-E009 SELF_DEPENDENCY tasks/auth/AUTH-002-self/PROMPT.md:",
                "ORCH-E010 CYCLE tasks/auth/AUTH-003-x/PROMPT.md:",
                "ORCH-E011 DEPENDENCY_OUTSIDE_AREAS tasks/auth/AUTH-004-x/PROMPT.md:",
                "ORCH-E005 PROMPT_BAD_ID tasks/auth/AUTH-005-bad/PROMPT.md:",
                "ORCH-E003 PROMPT_UNREADABLE tasks/auth/AUTH-006-dir/PROMPT.md:",
                "ORCH-E004 PROMPT_NO_ID tasks/auth/no-id/PROMPT.md:"),
                lines.stream().map(l -> l.substring(0, l.indexOf(':') + 1)).collect(Collectors.toList()),
                lines::toString);
        assertTrue(lines.stream().allMatch(l -> l.contains(" Fix: ")), lines::toString);
        assertFalse(backlog.valid());
    }

    @Test
    void problemsOfUnselectedAreasDoNotBlockTheBatch() throws IOException {
        task("auth/AUTH-001-login", "AUTH-001");
        write("billing/half-written", "# TODO\n");
        task("billing/BIL-001-x", "BIL-001", "BIL-404");

        Backlog backlog = discover("auth");

        assertTrue(backlog.valid(), () -> rendered(backlog).toString());
        assertFalse(discover().valid());
    }
}
