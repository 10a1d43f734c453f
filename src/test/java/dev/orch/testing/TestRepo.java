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
        return "LEDGER='" + ledger + "' FIXTURES='" + fixtures + "' USER_REPO='" + root + "' sh '" + agent + "'";
    }

    public OrchConfig config() {
        OrchConfig d = OrchConfig.defaults(root);
        return new OrchConfig(d.projectDir(), d.tasksDirectory(), d.areas(), 3, Strategy.AFFINITY_FIRST,
                agentCommand(), "tmux", 1, 0, 30, "skip-dependents", "pause", "fewest-files-first", null, null,
                "ff", d.worktreeDirectory(), d.stateDirectory());
    }

    /** A config based on {@link #config()}, changed by the caller (a mutable copy of every field). */
    public OrchConfig config(java.util.function.Consumer<Settings> change) {
        Settings s = new Settings(config());
        change.accept(s);
        return s.build();
    }

    /** Mutable mirror of {@link OrchConfig} for tests. */
    public static final class Settings {
        public Path projectDir;
        public Path tasksDirectory;
        public List<String> areas;
        public int maxLanes;
        public Strategy strategy;
        public String agentCommand;
        public String driver;
        public int maxRetries;
        public double taskTimeout;
        public double stallTimeout;
        public String onTaskFailure;
        public String onMergeFailure;
        public String mergeOrder;
        public String verifyCommand;
        public String mergeAgentCommand;
        public String integration;
        public Path worktreeDirectory;
        public Path stateDirectory;

        Settings(OrchConfig c) {
            projectDir = c.projectDir();
            tasksDirectory = c.tasksDirectory();
            areas = c.areas();
            maxLanes = c.maxLanes();
            strategy = c.strategy();
            agentCommand = c.agentCommand();
            driver = c.driver();
            maxRetries = c.maxRetries();
            taskTimeout = c.taskTimeoutMinutes();
            stallTimeout = c.stallTimeoutMinutes();
            onTaskFailure = c.onTaskFailure();
            onMergeFailure = c.onMergeFailure();
            mergeOrder = c.mergeOrder();
            verifyCommand = c.verifyCommand();
            mergeAgentCommand = c.mergeAgentCommand();
            integration = c.integration();
            worktreeDirectory = c.worktreeDirectory();
            stateDirectory = c.stateDirectory();
        }

        OrchConfig build() {
            return new OrchConfig(projectDir, tasksDirectory, areas, maxLanes, strategy, agentCommand, driver,
                    maxRetries, taskTimeout, stallTimeout, onTaskFailure, onMergeFailure, mergeOrder, verifyCommand,
                    mergeAgentCommand, integration, worktreeDirectory, stateDirectory);
        }
    }

    /** Runs a batch with the config; prints the console on the way out so a failing test shows what happened. */
    public dev.orch.engine.running.BatchOutcome run(OrchConfig config) {
        int before = consoleLines.size();
        try {
            return new dev.orch.engine.commands.RunCommand(config, console()).run();
        } finally {
            synchronized (consoleLines) {
                consoleLines.subList(before, consoleLines.size()).forEach(l -> System.out.println("  | " + l));
            }
        }
    }

    /** Writes a task's PROMPT.md verbatim. */
    public TestRepo prompt(String area, String folder, String text) throws IOException {
        write("tasks/" + area + "/" + folder + "/PROMPT.md", text);
        return this;
    }

    public Ledger ledgerEntries() throws IOException {
        return Ledger.parse(ledgerLines());
    }

    public Path stateDirectory() {
        return root.resolve("target").resolve("orchestrate");
    }

    /** The recorded batch state. */
    public dev.orch.engine.state.BatchState state() {
        return new dev.orch.engine.state.StateStore(stateDirectory()).load().orElseThrow();
    }

    /** events.jsonl as JSON nodes. */
    public List<com.fasterxml.jackson.databind.JsonNode> events() throws IOException {
        Path file = stateDirectory().resolve("events.jsonl");
        List<com.fasterxml.jackson.databind.JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            events.add(dev.orch.engine.state.Json.mapper().readTree(line));
        }
        return events;
    }

    /** Subjects of the first-parent history of a revision, newest first. */
    public List<String> firstParentSubjects(String rev) {
        return run("log", "--first-parent", "--format=%s", rev).lines().toList();
    }

    /** Stops this repository's tmux server and any agent processes left under its state directory. */
    public void close() {
        new Cleaner(stateDirectory()).close();
    }

    /** Stops the tmux server and the agent processes of one state directory. */
    public record Cleaner(Path stateDirectory) implements AutoCloseable {
        @Override
        public void close() {
            dev.orch.engine.sessions.ProcessGroups.terminate(
                    dev.orch.engine.sessions.ProcessGroups.under(stateDirectory.resolve("run")),
                    java.time.Duration.ofSeconds(1));
            String socket = dev.orch.engine.running.BatchSession.tmuxSocket(stateDirectory);
            dev.orch.engine.util.Processes.run(List.of("tmux", "-L", socket, "kill-server"), null,
                    java.util.Map.of(), java.time.Duration.ofSeconds(5));
            try { // kill-server leaves its socket file behind
                Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
                Files.deleteIfExists(Path.of(System.getenv().getOrDefault("TMUX_TMPDIR", "/tmp"), "tmux-" + uid,
                        socket));
            } catch (IOException | RuntimeException ignored) {
                // a stale socket file is harmless
            }
        }
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

    /** git status --porcelain of the user's checkout, every untracked file listed. */
    public String status() {
        return git.run("status", "--porcelain", "--untracked-files=all").stdout();
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
        String out = run("-c", "core.quotepath=false", "ls-tree", "-r", "--name-only", rev);
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
