package dev.orch.engine.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a worktree's HEAD from the files git keeps ({@code .git} → gitdir → {@code HEAD} → loose ref or
 * packed-refs), without starting a process: it is asked once or twice per task on the lane's critical path.
 * Anything unusual yields empty, and the caller asks git instead.
 */
public final class HeadFile {
    private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-f]{40}([0-9a-f]{24})?");

    /** @param ref the checked-out ref (null when detached); @param commit the commit HEAD points at */
    public record Head(String ref, String commit) {
    }

    private HeadFile() {
    }

    public static Optional<Head> read(Path worktree) {
        try {
            Path gitDir = gitDir(worktree);
            if (gitDir == null) {
                return Optional.empty();
            }
            String head = Files.readString(gitDir.resolve("HEAD"), StandardCharsets.UTF_8).strip();
            if (OBJECT_ID.matcher(head).matches()) {
                return Optional.of(new Head(null, head));
            }
            if (!head.startsWith("ref: ")) {
                return Optional.empty();
            }
            String ref = head.substring("ref: ".length()).strip();
            Path common = commonDir(gitDir);
            Path loose = common.resolve(ref);
            if (Files.isRegularFile(loose)) {
                String commit = Files.readString(loose, StandardCharsets.UTF_8).strip();
                return OBJECT_ID.matcher(commit).matches() ? Optional.of(new Head(ref, commit)) : Optional.empty();
            }
            Path packed = common.resolve("packed-refs");
            if (Files.isRegularFile(packed)) {
                for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
                    if (line.endsWith(" " + ref)) {
                        String commit = line.substring(0, line.indexOf(' '));
                        return OBJECT_ID.matcher(commit).matches() ? Optional.of(new Head(ref, commit))
                                : Optional.empty();
                    }
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Path gitDir(Path worktree) throws IOException {
        Path dotGit = worktree.resolve(".git");
        if (Files.isDirectory(dotGit)) {
            return dotGit;
        }
        if (!Files.isRegularFile(dotGit)) {
            return null;
        }
        String text = Files.readString(dotGit, StandardCharsets.UTF_8).strip();
        if (!text.startsWith("gitdir: ")) {
            return null;
        }
        Path dir = Path.of(text.substring("gitdir: ".length()).strip());
        return dir.isAbsolute() ? dir : worktree.resolve(dir).normalize();
    }

    private static Path commonDir(Path gitDir) throws IOException {
        Path file = gitDir.resolve("commondir");
        if (!Files.isRegularFile(file)) {
            return gitDir;
        }
        Path common = Path.of(Files.readString(file, StandardCharsets.UTF_8).strip());
        return common.isAbsolute() ? common : gitDir.resolve(common).normalize();
    }
}
