package dev.orch.engine.git;

import dev.orch.engine.OrchFailure;
import dev.orch.engine.util.ProcessResult;
import dev.orch.engine.util.Processes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The git command line, run with argument lists in one directory ({@code git -C dir}), a timeout,
 * no prompts, a stable locale, and an explicit identity for the commits Orch makes.
 */
public final class Git {
    /** Identity of commits Orch itself makes (CI machines often have none configured). */
    public static final Map<String, String> ENV = Map.of(
            "GIT_TERMINAL_PROMPT", "0",
            "LC_ALL", "C",
            "GIT_AUTHOR_NAME", "orch",
            "GIT_AUTHOR_EMAIL", "orch@localhost",
            "GIT_COMMITTER_NAME", "orch",
            "GIT_COMMITTER_EMAIL", "orch@localhost",
            "GIT_EDITOR", "true",
            "GIT_MERGE_AUTOEDIT", "no");

    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    private final Path dir;

    public Git(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    /** The same repository seen from another directory (e.g. a worktree). */
    public Git at(Path otherDir) {
        return new Git(otherDir);
    }

    /** Runs git; never throws on a non-zero exit. */
    public ProcessResult run(String... args) {
        return run(List.of(args), Map.of());
    }

    public ProcessResult run(List<String> args, Map<String, String> extraEnv) {
        List<String> command = new ArrayList<>(args.size() + 9);
        command.add("git");
        // Orch's own operations run no user hooks (husky & co. belong to the user's and the agents' commits) and
        // never start an automatic gc while lanes write to the repository concurrently.
        command.add("-c");
        command.add("core.hooksPath=/dev/null");
        command.add("-c");
        command.add("gc.auto=0");
        command.add("-c");
        command.add("maintenance.auto=false");
        command.add("-C");
        command.add(dir.toString());
        command.addAll(args);
        Map<String, String> env = new java.util.HashMap<>(ENV);
        env.putAll(extraEnv);
        return Processes.run(command, dir, env, DEFAULT_TIMEOUT);
    }

    /** Runs git and returns stdout without the trailing newline; a non-zero exit is an {@link OrchFailure}. */
    public String out(String... args) {
        ProcessResult result = run(args);
        if (!result.ok()) {
            throw new OrchFailure("git " + String.join(" ", args) + " failed in " + dir + ": "
                    + result.diagnostic());
        }
        return stripNewline(result.stdout());
    }

    public boolean ok(String... args) {
        return run(args).ok();
    }

    /** The commit a rev points at, or empty when it does not resolve. */
    public Optional<String> resolve(String rev) {
        ProcessResult result = run("rev-parse", "--verify", "-q", rev + "^{commit}");
        return result.ok() ? Optional.of(stripNewline(result.stdout())) : Optional.empty();
    }

    public boolean isAncestor(String ancestor, String descendant) {
        return run("merge-base", "--is-ancestor", ancestor, descendant).exitCode() == 0;
    }

    /** Top level of the work tree that contains {@code dir}, or empty when it is not inside one. */
    public static Optional<Path> topLevel(Path dir) {
        if (!dir.toFile().isDirectory()) {
            return Optional.empty();
        }
        ProcessResult result = Processes.run(List.of("git", "-C", dir.toString(), "rev-parse", "--show-toplevel"),
                dir, ENV, Duration.ofSeconds(30));
        if (!result.ok()) {
            return Optional.empty();
        }
        String top = stripNewline(result.stdout());
        return top.isEmpty() ? Optional.empty() : Optional.of(Path.of(top));
    }

    public static boolean installed() {
        return Processes.onPath("git");
    }

    static String stripNewline(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end);
    }
}
