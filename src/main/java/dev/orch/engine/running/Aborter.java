package dev.orch.engine.running;

import dev.orch.engine.Console;
import dev.orch.engine.git.Git;
import dev.orch.engine.sessions.ProcessGroups;
import dev.orch.engine.sessions.TmuxDriver;
import dev.orch.engine.state.BatchState;
import dev.orch.engine.state.LaneRecord;
import dev.orch.engine.state.TaskRecord;
import dev.orch.engine.state.TaskStatus;
import dev.orch.engine.util.Sleep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Stops a batch and removes what it created, keeping every piece of work on a ref first. Works from the recorded
 * state when there is one, and from names alone when there is not (sessions on the project's private tmux server,
 * agent processes carrying the project's run directory, worktrees under the worktree directory, branches under
 * {@code orch/lanes/<batch>/} and {@code orch/<batch>}). It never touches anything else.
 */
public final class Aborter {
    public static final String WRAP_UP_FILE = ".ORCH_WRAP_UP";

    /** What abort would act on. */
    public record Inventory(Set<String> batchIds, List<String> sessions, List<Long> processes,
                            Map<Path, String> worktrees, List<String> branches) {
        public boolean isEmpty() {
            return sessions.isEmpty() && processes.isEmpty() && worktrees.isEmpty() && branches.isEmpty();
        }

        public List<String> describe() {
            List<String> lines = new ArrayList<>();
            sessions.forEach(s -> lines.add("stop tmux session " + s));
            processes.forEach(p -> lines.add("stop agent process " + p));
            worktrees.forEach((w, ref) -> lines.add("remove worktree " + w + " (uncommitted work saved to " + ref + ")"));
            branches.forEach(b -> lines.add("delete branch " + b + " (work not on the base branch saved under "
                    + BatchLayout.SAVED_REF_ROOT + ")"));
            return lines;
        }
    }

    private final Path repoRoot;
    private final Path stateDirectory;
    private final Path worktreeDirectory;
    private final Console console;
    private final Workspace workspace;

    public Aborter(Path repoRoot, Path stateDirectory, Path worktreeDirectory, Console console) {
        this.repoRoot = repoRoot;
        this.stateDirectory = stateDirectory;
        this.worktreeDirectory = worktreeDirectory.toAbsolutePath().normalize();
        this.console = console;
        this.workspace = new Workspace(repoRoot);
    }

    /** @param state the recorded batch, or null when it is missing or unreadable */
    public Inventory inventory(BatchState state) {
        Set<String> ids = new LinkedHashSet<>();
        boolean finished = state != null && !state.phase.active();
        if (state != null) {
            ids.add(state.batchId);
        } else {
            ids.addAll(batchIdsByName());
        }
        List<String> sessions = new ArrayList<>();
        if (TmuxDriver.installed()) {
            TmuxDriver tmux = tmux();
            for (String id : ids) {
                sessions.addAll(tmux.sessions("orch-" + id + "-"));
            }
            if (state == null) {
                tmux.sessions("orch-").stream().filter(s -> !sessions.contains(s)).forEach(sessions::add);
            }
        }
        List<Long> processes = new ArrayList<>(ProcessGroups.owned(ProcessGroups.under(
                state == null ? runRoot() : runRoot().resolve(state.batchId))));
        Map<Path, String> worktrees = new LinkedHashMap<>();
        for (Path path : workspace.worktreePaths()) {
            for (String id : ids) {
                if (path.startsWith(worktreeDirectory.resolve(id))) {
                    worktrees.put(path, savedRefFor(state, id, path));
                }
            }
        }
        List<String> branches = new ArrayList<>();
        if (!finished) {
            for (String id : ids) {
                branches.addAll(branchesOf(id));
            }
        }
        return new Inventory(ids, sessions, processes, worktrees, branches);
    }

    /**
     * Stops and removes everything in the inventory. Running agents first get a wrap-up file in their task folder
     * and {@code grace} to finish, unless {@code hard}.
     */
    public List<String> execute(Inventory inventory, BatchState state, Duration grace, boolean hard) {
        List<String> saved = new ArrayList<>();
        Path processScope = state == null ? runRoot() : runRoot().resolve(state.batchId);
        List<Path> wrapUpFiles = new ArrayList<>();
        if (!hard && !inventory.processes().isEmpty() && !grace.isZero()) {
            wrapUpFiles.addAll(askToWrapUp(inventory.processes(), grace));
            long deadline = System.nanoTime() + grace.toNanos();
            while (System.nanoTime() < deadline
                    && !ProcessGroups.owned(ProcessGroups.under(processScope)).isEmpty()) {
                Sleep.millis(200);
            }
        }
        ProcessGroups.terminate(ProcessGroups.under(processScope), Duration.ofSeconds(hard ? 1 : 5));
        if (TmuxDriver.installed()) {
            TmuxDriver tmux = tmux();
            inventory.sessions().forEach(tmux::discard);
            tmux.shutdownIfIdle();
        }
        for (Path file : wrapUpFiles) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // it is saved with the rest of the work then
            }
        }
        for (Map.Entry<Path, String> worktree : inventory.worktrees().entrySet()) {
            Path path = worktree.getKey();
            if (Files.exists(path.resolve(".git"))) {
                workspace.abortMergeInProgress(path);
                if (workspace.dirty(path)) {
                    workspace.saveWork(path, null, worktree.getValue(), "orch: work saved by orch:abort")
                            .ifPresent(saved::add);
                }
            }
            workspace.removeWorktree(path);
        }
        for (String branch : inventory.branches()) {
            keepUnintegratedWork(branch, state).ifPresent(saved::add);
            workspace.deleteBranch(branch, null);
        }
        workspace.repo().run("worktree", "prune");
        for (String id : inventory.batchIds()) {
            Workspace.deleteTree(runRoot().resolve(id));
            Workspace.deleteIfEmpty(worktreeDirectory.resolve(id));
        }
        Workspace.deleteIfEmpty(worktreeDirectory);
        return saved;
    }

    /** Marks a recorded batch as stopped: unfinished tasks become skipped. */
    public static void recordStopped(BatchState state) {
        state.phase = dev.orch.engine.state.Phase.STOPPED;
        state.endedAt = Clock.now();
        state.stopReason = state.stopReason == null ? "aborted by orch:abort" : state.stopReason;
        for (TaskRecord task : state.tasks.values()) {
            if (!task.status.finished()) {
                if (task.lastAttempt() != null && "running".equals(task.lastAttempt().outcome)) {
                    task.lastAttempt().outcome = "interrupted";
                    task.lastAttempt().reason = "stopped by orch:abort";
                    task.lastAttempt().endedAt = state.endedAt;
                }
                task.status = TaskStatus.SKIPPED;
                task.exitReason = "stopped by orch:abort";
            }
        }
    }

    private List<Path> askToWrapUp(List<Long> processes, Duration grace) {
        Set<Path> taskDirs = new LinkedHashSet<>();
        for (long pid : processes) {
            environ(pid, "ORCH_TASK_DIR").map(Path::of).ifPresent(taskDirs::add);
        }
        List<Path> written = new ArrayList<>();
        for (Path dir : taskDirs) {
            Path file = dir.resolve(WRAP_UP_FILE);
            try {
                Files.writeString(file, "Orch is aborting this batch. Save or commit your work now: you will be"
                        + " stopped in " + grace.toSeconds() + " seconds.\n", StandardCharsets.UTF_8);
                written.add(file);
            } catch (IOException ignored) {
                // the agent is stopped after the grace period anyway
            }
        }
        if (!taskDirs.isEmpty()) {
            console.info("[orch] asked " + taskDirs.size() + " running agent(s) to wrap up (" + WRAP_UP_FILE
                    + "); waiting up to " + grace.toSeconds() + " s (-Dorch.hard stops them at once)");
        }
        return written;
    }

    static Optional<String> environ(long pid, String name) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "environ"));
            for (String entry : new String(raw, StandardCharsets.UTF_8).split("\0")) {
                if (entry.startsWith(name + "=")) {
                    return Optional.of(entry.substring(name.length() + 1));
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // gone already
        }
        return Optional.empty();
    }

    /** A branch's commits that are not on any non-Orch branch are kept on a saved ref before it is deleted. */
    private Optional<String> keepUnintegratedWork(String branch, BatchState state) {
        Git repo = workspace.repo();
        Optional<String> tip = repo.resolve("refs/heads/" + branch);
        if (tip.isEmpty()) {
            return Optional.empty();
        }
        String containing = repo.run("for-each-ref", "--contains", tip.get(), "--format=%(refname)", "refs/heads/")
                .stdout();
        boolean elsewhere = containing.lines().anyMatch(ref -> !ref.startsWith("refs/heads/orch/"));
        if (elsewhere) {
            return Optional.empty();
        }
        String batchId = batchIdOf(branch);
        String name = branch.startsWith(BatchLayout.LANE_BRANCH_ROOT) ? "lane-" + branch.substring(branch.lastIndexOf('/') + 1)
                : "integration";
        String ref = BatchLayout.SAVED_REF_ROOT + batchId + "/" + name;
        if (repo.run("update-ref", "-m", "orch: kept by orch:abort", ref, tip.get()).ok()) {
            return Optional.of(ref);
        }
        return Optional.empty();
    }

    private String savedRefFor(BatchState state, String batchId, Path worktree) {
        if (state != null) {
            for (LaneRecord lane : state.lanes.values()) {
                if (Path.of(lane.worktree).toAbsolutePath().normalize().equals(worktree)) {
                    for (String id : lane.tasks) {
                        TaskRecord task = state.tasks.get(id);
                        if (task.status == TaskStatus.RUNNING) {
                            return BatchLayout.SAVED_REF_ROOT + batchId + "/" + id;
                        }
                    }
                    return BatchLayout.SAVED_REF_ROOT + batchId + "/lane-" + lane.key();
                }
            }
        }
        // Without state: the task a live agent in it was running, else the worktree's name.
        return BatchLayout.SAVED_REF_ROOT + batchId + "/" + worktree.getFileName();
    }

    private List<String> branchesOf(String batchId) {
        List<String> branches = new ArrayList<>();
        String lanes = workspace.repo().run("for-each-ref", "--format=%(refname:short)",
                "refs/heads/" + BatchLayout.LANE_BRANCH_ROOT + batchId + "/").stdout();
        lanes.lines().filter(l -> !l.isBlank()).forEach(branches::add);
        if (workspace.repo().resolve("refs/heads/orch/" + batchId).isPresent()) {
            branches.add("orch/" + batchId);
        }
        return branches;
    }

    private Set<String> batchIdsByName() {
        Set<String> ids = new LinkedHashSet<>();
        String lanes = workspace.repo().run("for-each-ref", "--format=%(refname:short)",
                "refs/heads/" + BatchLayout.LANE_BRANCH_ROOT).stdout();
        lanes.lines().filter(l -> !l.isBlank()).map(Aborter::batchIdOf).forEach(ids::add);
        if (Files.isDirectory(worktreeDirectory)) {
            try (var entries = Files.list(worktreeDirectory)) {
                entries.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9]{8}-[0-9]{6}(-[0-9]+)?"))
                        .forEach(ids::add);
            } catch (IOException ignored) {
                // nothing there
            }
        }
        if (Files.isDirectory(runRoot())) {
            try (var entries = Files.list(runRoot())) {
                entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                        .filter(n -> n.matches("[0-9]{8}-[0-9]{6}(-[0-9]+)?")).forEach(ids::add);
            } catch (IOException ignored) {
                // nothing there
            }
        }
        return ids;
    }

    static String batchIdOf(String branch) {
        String rest = branch.startsWith(BatchLayout.LANE_BRANCH_ROOT)
                ? branch.substring(BatchLayout.LANE_BRANCH_ROOT.length()) : branch.substring("orch/".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    private TmuxDriver tmux() {
        return new TmuxDriver(BatchSession.tmuxSocket(stateDirectory), runRoot(), runRoot());
    }

    private Path runRoot() {
        return stateDirectory.resolve("run");
    }
}
