package dev.orch.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the engine free of Maven: only {@code dev.orch.maven} may touch Maven's API, and the engine never calls back
 * into it, so the engine stays testable with plain JUnit and usable outside a Maven build.
 */
class EngineLayeringTest {
    private static final Path ENGINE_SOURCES = Path.of("src", "main", "java", "dev", "orch", "engine");

    /** An import of, or a fully qualified reference to, Maven's API or Orch's own Maven layer. */
    private static final Pattern MAVEN_REFERENCE =
            Pattern.compile("\\b(org\\s*\\.\\s*apache\\s*\\.\\s*maven|dev\\s*\\.\\s*orch\\s*\\.\\s*maven)\\b");

    @Test
    void noEngineSourceReferencesMaven() throws IOException {
        assertTrue(Files.isDirectory(ENGINE_SOURCES), "run from the project directory: " + ENGINE_SOURCES);
        List<Path> sources;
        try (Stream<Path> files = Files.walk(ENGINE_SOURCES)) {
            sources = files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
        }
        assertFalse(sources.isEmpty(), "no engine sources found under " + ENGINE_SOURCES);

        List<String> offenders = sources.stream()
                .filter(EngineLayeringTest::referencesMaven)
                .map(Path::toString)
                .toList();

        assertEquals(List.of(), offenders, "engine sources must not use org.apache.maven or dev.orch.maven (move that code to dev.orch.maven)");
    }

    @Test
    void detectorSeesImportsAndQualifiedNames() {
        assertTrue(referencesMaven("import org.apache.maven.plugin.logging.Log;"));
        assertTrue(referencesMaven("import static org.apache.maven.shared.utils.StringUtils.isEmpty;"));
        assertTrue(referencesMaven("void f(org.apache.maven.project.MavenProject p) {}"));
        assertFalse(referencesMaven("import org.apache.commons.io.FileUtils;"));
        assertTrue(referencesMaven("import dev.orch.maven.PlanMojo;"));
        assertFalse(referencesMaven("import dev.orch.engine.git.Git;"));
    }

    private static boolean referencesMaven(Path source) {
        try {
            return referencesMaven(Files.readString(source));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean referencesMaven(String source) {
        return MAVEN_REFERENCE.matcher(source).find();
    }
}
