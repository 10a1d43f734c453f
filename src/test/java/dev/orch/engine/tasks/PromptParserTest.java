package dev.orch.engine.tasks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromptParserTest {

    private static ParsedPrompt parse(String markdown) {
        return PromptParser.parse(markdown, "some-folder");
    }

    private static DependencyRef dep(String id) {
        return new DependencyRef(null, id);
    }

    // ---- ID and name ----------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
            "# Task: AUTH-001 — Login flow",   // em dash
            "# Task: AUTH-001 – Login flow",   // en dash
            "# Task: AUTH-001 - Login flow",   // hyphen
            "# Task: AUTH-001: Login flow",    // colon
            "# task: AUTH-001 — Login flow",   // heading case-insensitive
            "# TASK : AUTH-001 — Login flow",
            "# AUTH-001 — Login flow",         // bare ID heading
            "# Task: **AUTH-001** — Login flow",
    })
    void headingGivesIdAndName(String heading) {
        ParsedPrompt p = PromptParser.parse(heading + "\n\nBody.\n", "OTHER-9-folder");
        assertEquals("AUTH-001", p.id());
        assertEquals("Login flow", p.name());
    }

    @Test
    void headingWithoutNameGivesIdOnly() {
        ParsedPrompt p = parse("# Task: AUTH-001\n");
        assertEquals("AUTH-001", p.id());
        assertNull(p.name());
    }

    @ParameterizedTest
    @CsvSource({
            "AUTH-001-login, AUTH-001",
            "AUTH-001, AUTH-001",
            "AUTH-001_login, AUTH-001",
            "TP2-17-x, TP2-17",
    })
    void idComesFromFolderNameWithoutHeading(String folder, String expected) {
        ParsedPrompt p = PromptParser.parse("# Login flow\n\nNo task heading here.\n", folder);
        assertEquals(expected, p.id());
        assertNull(p.name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"login", "auth-001-login", "AUTH-001x", "AUTH001", ""})
    void noIdAnywhereIsNoIdError(String folder) {
        PromptParseException e = assertThrows(PromptParseException.class,
                () -> PromptParser.parse("# Login flow\n\nSome text.\n", folder));
        assertEquals(ProblemCode.PROMPT_NO_ID, e.code());
        assertTrue(e.fix().contains("# Task: AUTH-001"), e.fix());
    }

    @Test
    void titleOnlyTaskHeadingFallsBackToFolder() {
        assertEquals("AUTH-003", PromptParser.parse("# Task: Login flow\n", "AUTH-003-login").id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"# Task: auth-1 — Login", "# Task: AUTH_001 - Login", "# Task: AUTH-1a: Login",
            "# Task: Auth-001"})
    void invalidIdInHeadingIsBadIdError(String heading) {
        // the folder would give a valid ID, but a heading that names a wrong ID must not be silently ignored
        PromptParseException e = assertThrows(PromptParseException.class,
                () -> PromptParser.parse(heading + "\n", "AUTH-001-login"));
        assertEquals(ProblemCode.PROMPT_BAD_ID, e.code());
    }

    @Test
    void headingInsideCodeFenceIsIgnored() {
        ParsedPrompt p = PromptParser.parse("Intro\n```\n# Task: X-1 — fenced\n```\n", "AUTH-002-x");
        assertEquals("AUTH-002", p.id());
    }

    // ---- size and model -------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "**Size:** S | S",
            "**Size:** l | L",
            "**size:** M (medium) | M",
            "**Size**: L | L",
            "**Size:** Large | L",
            "**Size:** XL | M",
    })
    void sizeIsReadCaseInsensitively(String line, Size expected) {
        assertEquals(expected, parse("# Task: A-1 — x\n\n" + line + "\n").size());
    }

    @Test
    void sizeDefaultsToMedium() {
        assertEquals(Size.M, parse("# Task: A-1 — x\n").size());
    }

    @Test
    void modelIsOptional() {
        assertEquals("claude-sonnet-4", parse("# Task: A-1 — x\n**Model:** `claude-sonnet-4`\n").model());
        assertNull(parse("# Task: A-1 — x\n").model());
    }

    // ---- dependencies ---------------------------------------------------------------------------------------

    @Test
    void dependencyListItemsOfEveryShape() {
        ParsedPrompt p = parse("""
                # Task: AUTH-009 — x

                ## Dependencies
                - AUTH-000
                * AUTH-001
                - **AUTH-002** (the session store)
                - AUTH-003: why it is needed
                + `AUTH-004`
                1. AUTH-005
                - [AUTH-006](../AUTH-006-x/PROMPT.md)
                - AUTH-000
                """);
        assertEquals(List.of(dep("AUTH-000"), dep("AUTH-001"), dep("AUTH-002"), dep("AUTH-003"), dep("AUTH-004"),
                dep("AUTH-005"), dep("AUTH-006")), p.dependencies());
    }

    @ParameterizedTest
    @ValueSource(strings = {"- None", "- none.", "- _None_", "- (none)", "- **None**", "- None — first task",
            "- None (AUTH-000 was merged long ago)"})
    void noneListItemMeansNoDependencies(String item) {
        assertEquals(List.of(), parse("# Task: A-1 — x\n## Dependencies\n" + item + "\n").dependencies());
    }

    @Test
    void proseMentioningNonexistentDoesNotCancelRealDependencies() {
        ParsedPrompt p = parse("""
                # Task: A-9 — x
                ## Dependencies
                Nonexistent tables are created by the first one, so this waits for it.
                - A-1
                - nonexistent-thing will be cleaned up later
                """);
        assertEquals(List.of(dep("A-1")), p.dependencies());
    }

    @Test
    void idShapedWordsInProseAreNotDependencies() {
        ParsedPrompt p = parse("""
                # Task: A-9 — x
                ## Dependencies
                Everything must stay UTF-8 and respect RFC-7231; see ISO-8601 for dates.
                - A-1 (needs UTF-8 handling first)
                """);
        assertEquals(List.of(dep("A-1")), p.dependencies());
    }

    @Test
    void areaQualifiedDependenciesAndRequiresLines() {
        ParsedPrompt p = parse("""
                # Task: AUTH-009 — x

                **Requires:** AUTH-000, billing/BIL-002 and time-off/TO-014 (see the plan)

                ## Dependencies
                - billing/BIL-003
                - **time-off/TO-015** — accrual engine
                **Requires:** BIL-002
                """);
        assertEquals(List.of(dep("AUTH-000"), new DependencyRef("billing", "BIL-002"),
                new DependencyRef("time-off", "TO-014"), new DependencyRef("billing", "BIL-003"),
                new DependencyRef("time-off", "TO-015"), dep("BIL-002")), p.dependencies());
    }

    @Test
    void blankLinesAndBlockquotesDoNotEndTheSection() {
        ParsedPrompt p = parse("""
                # Task: A-9 — x
                ## Dependencies

                > Tasks listed here must be merged first. B-7 is mentioned only in this note.

                - A-1

                > another note

                - A-2
                ### Why
                - A-3
                ## Mission
                - A-4 (not a dependency: other section)
                """);
        assertEquals(List.of(dep("A-1"), dep("A-2"), dep("A-3")), p.dependencies());
    }

    @Test
    void dividerEndsTheSection() {
        ParsedPrompt p = parse("# Task: A-9 — x\n## Dependencies\n- A-1\n\n---\n- A-2\n");
        assertEquals(List.of(dep("A-1")), p.dependencies());
    }

    @Test
    void commentsAndCodeFencesHoldNoDependencies() {
        ParsedPrompt p = parse("""
                # Task: A-9 — x
                ## Dependencies
                <!-- template:
                - A-7
                -->
                ```
                **Requires:** A-8
                # a shell comment, not a heading
                ```
                - A-1
                <!-- - A-6 -->
                """);
        assertEquals(List.of(dep("A-1")), p.dependencies());
    }

    @Test
    void lowercaseIdsInListsAreNotDependencies() {
        assertEquals(List.of(), parse("# Task: A-9 — x\n## Dependencies\n- utf-8 everywhere\n").dependencies());
    }

    // ---- file scope -----------------------------------------------------------------------------------------

    @Test
    void fileScopeEntriesAreUnquotedAndNormalized() {
        ParsedPrompt p = parse("""
                # Task: A-9 — x

                ## File Scope

                > Overlapping scopes share a lane.

                - `src/main/java/Foo.java`
                - `src/a/` (new)
                - src/b/** — everything below b
                - ./src/c/*
                * `src/**/*.java`
                - `./docs/guide.md`
                - `src/a/**`

                ## Steps
                - `not/a/scope`
                """);
        assertEquals(List.of("src/main/java/Foo.java", "src/a", "src/b", "src/c", "src/**/*.java", "docs/guide.md"),
                p.fileScope());
    }

    @ParameterizedTest
    @CsvSource({"src/a/, src/a", "src/a/**, src/a", "./src/a, src/a", "src/a/*, src/a", "src/a/**/, src/a",
            "src/**/*.java, src/**/*.java", "./, **", "src\\a\\, src/a"})
    void normalizeScope(String raw, String expected) {
        assertEquals(expected, PromptParser.normalizeScope(raw));
    }

    // ---- a real taskplane PROMPT.md -------------------------------------------------------------------------

    @Test
    void taskplanePromptParses() throws IOException {
        String markdown;
        try (InputStream in = getClass().getResourceAsStream("taskplane-PROMPT.md")) {
            markdown = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ParsedPrompt p = PromptParser.parse(markdown, "TP-005-repo-scoped-merge-orchestration");
        assertEquals("TP-005", p.id());
        assertEquals("Repo-Scoped Merge Orchestration with Explicit Partial Outcomes", p.name());
        assertEquals(Size.L, p.size());
        assertEquals(List.of(dep("TP-004"), new DependencyRef("platform", "TP-002")), p.dependencies());
        assertEquals(List.of("extensions/taskplane/merge.ts", "extensions/taskplane/engine.ts",
                "extensions/tests/*state-persistence*", "extensions/taskplane/widgets"), p.fileScope());
        assertNull(p.model());
    }

    @Test
    void crlfAndByteOrderMarkAreTolerated() {
        ParsedPrompt p = parse("\uFEFF# Task: A-2 — Windows\r\n\r\n## Dependencies\r\n- A-1\r\n");
        assertEquals("A-2", p.id());
        assertEquals("Windows", p.name());
        assertEquals(List.of(dep("A-1")), p.dependencies());
    }
}
