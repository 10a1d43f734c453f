package dev.orch.testing;

import dev.orch.engine.Console;
import dev.orch.engine.OrchConfig;
import dev.orch.engine.git.Git;
import dev.orch.engine.planning.Strategy;
import dev.orch.engine.util.ProcessResult;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A real git repository in a temporary folder with a backlog, a fake agent and its ledger, for end-to-end tests
 * of the engine (no Maven involved).
 */
public final class TestRepo {
    public final Path root;
    public final Path fixtures;
    public final Path ledger;
    public final Path agent;
    public final Git git;
    public final List<String> consoleLines = Collections.synchronizedList(new ArrayList<>());

    public TestRepo(Path temp) throws IOException {
        this.root = temp.resolve("repo");
        this.fixtures = temp.resolve("fixtures");
        this.ledger = temp.resolve("ledger.txt");
        Files.createDirectories(root);
        Files.createDirectories(fixtures);
        this.agent = temp.resolve("agent.sh");
        try (InputStream in = TestRepo.class.getResourceAsStream("/fake-agent/agent.sh")) {
            Files.copy(in, agent);
        }
        this.git = new Git(root);
        run("init", "-q", "-b", "main");
        run("config", "user.name", "Test User");
        run("config", "user.email", "test@example.com");
        write(".gitignore", "target/\n");
        write("README.md", "test project\n");
        commitAll("initial");
    }

    public TestRepo task(String area, String id, String... dependencies) throws IOException {
        return task(area, id, List.of(), dependencies);
    }

    public TestRepo task(String area, String id, List<String> scope, String... dependencies) throws IOException {
        StringBuilder prompt = new StringBuilder("# Task: " + id + " — do " + id + "\n\n**Size:** S\n\n## Dependencies\n\n");
        if (dependencies.length == 0) {
            prompt.append("- None\n");
        }
        for (String dependency : dependencies) {
            prompt.append("- ").append(dependency).append('\n');
        }
        if (!scope.isEmpty()) {
            prompt.append("\n## File Scope\n\n");
            scope.forEach(s -> prompt.append("- `").append(s).append("`\n"));
        }
        write("tasks/" + area + "/" + id + "-task/PROMPT.md", prompt.toString());
        if (dependencies.length > 0) {
            Files.writeString(fixtures.resolve(id + ".deps"), String.join(" ", dependencies) + "\n");
        }
        return this;
    }

    /** Sets the fake agent's behaviour for a task (ok, fail, fail-once, hang, conflict, sleep:N, ...). */
    public TestRepo behave(String id, String mode) throws IOException {
        Files.writeString(fixtures.resolve(id), mode + "\n");
        return this;
    }

    public String agentCommand() {
        return "LEDGER='" + ledger + "' FIXTURES='" + fixtures + "' sh '" + agent + "'";
    }

    public OrchConfig config() {
        OrchConfig d = OrchConfig.defaults(root);
        return new OrchConfig(d.projectDir(), d.tasksDirectory(), d.areas(), 3, Strategy.AFFINITY_FIRST,
                agentCommand(), "tmux", 1, 0, 30, "skip-dependents", "pause", "fewest-files-first", null, null,
                "ff", d.worktreeDirectory(), d.stateDirectory());
    }

    public Console console() {
        return new Console() {
            @Override public void info(String line) { consoleLines.add(line); }
            @Override public void warn(String line) { consoleLines.add("WARN " + line); }
            @Override public void error(String line) { consoleLines.add("ERROR " + line); }
        };
    }

    public void write(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    public void commitAll(String message) {
        run("add", "-A");
        run("commit", "-q", "-m", message);
    }

    public String run(String... args) {
        ProcessResult result = git.run(args);
        if (!result.ok()) {
            throw new AssertionError("git " + String.join(" ", args) + " failed: " + result.diagnostic());
        }
        return result.stdout().strip();
    }

    public List<String> ledgerLines() throws IOException {
        return Files.exists(ledger) ? Files.readAllLines(ledger) : List.of();
    }

    /** Ledger start lines of one task. */
    public List<String> starts(String id) throws IOException {
        return ledgerLines().stream().filter(l -> l.startsWith(id + " ") && l.contains(" start=")).toList();
    }

    /** Files in a commit's tree. */
    public List<String> filesAt(String rev) {
        String out = run("ls-tree", "-r", "--name-only", rev);
        return out.isEmpty() ? List.of() : out.lines().toList();
    }

    public String show(String rev, String path) {
        return run("show", rev + ":" + path);
    }

    public List<String> branches() {
        String out = run("for-each-ref", "--format=%(refname:short)", "refs/heads/");
        return out.isEmpty() ? List.of() : out.lines().toList();
    }

    public List<String> refs(String prefix) {
        String out = run("for-each-ref", "--format=%(refname)", prefix);
        return out.isEmpty() ? List.of() : out.lines().toList();
    }

    public List<String> worktrees() {
        return run("worktree", "list", "--porcelain").lines().filter(l -> l.startsWith("worktree ")).toList();
    }
}
