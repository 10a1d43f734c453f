package dev.orch.engine.running;

import dev.orch.engine.git.Git;
import dev.orch.engine.sessions.ProcessGroups;
import dev.orch.engine.sessions.TmuxDriver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What earlier batches of this project left behind, found by name alone (for when their state is gone, e.g.
 * after {@code mvn clean}): live agent processes and tmux sessions, worktrees under the worktree directory, and
 * lane branches of batches not recorded as finished.
 */
public final class Leftovers {
    private Leftovers() {
    }

    public record Inventory(List<String> sessions, List<Long> processes, List<Path> worktrees,
                            List<String> laneBranches) {
        public boolean isEmpty() {
            return sessions.isEmpty() && processes.isEmpty() && worktrees.isEmpty() && laneBranches.isEmpty();
        }

        public List<String> describe() {
            List<String> lines = new ArrayList<>();
            sessions.forEach(s -> lines.add("tmux session " + s));
            processes.forEach(p -> lines.add("agent process " + p));
            worktrees.forEach(w -> lines.add("worktree " + w));
            laneBranches.forEach(b -> lines.add("branch " + b));
            return lines;
        }
    }

    /**
     * @param finishedBatchIds batches recorded as finished, whose kept branches are results, not leftovers
     */
    public static Inventory find(Path repoRoot, Path stateDirectory, Path worktreeDirectory,
                                 Set<String> finishedBatchIds) {
        List<String> sessions = new ArrayList<>();
        if (TmuxDriver.installed()) {
            TmuxDriver tmux = new TmuxDriver(BatchSession.tmuxSocket(stateDirectory), stateDirectory.resolve("run"),
                    stateDirectory.resolve("run"));
            sessions.addAll(tmux.sessions("orch-"));
        }
        List<Long> processes = ProcessGroups.owned(ProcessGroups.under(stateDirectory.resolve("run")));
        Workspace workspace = new Workspace(repoRoot);
        Path worktreeRoot = worktreeDirectory.toAbsolutePath().normalize();
        List<Path> worktrees = workspace.worktreePaths().stream().filter(p -> p.startsWith(worktreeRoot)).toList();
        Git repo = workspace.repo();
        List<String> branches = new ArrayList<>();
        String refs = repo.run("for-each-ref", "--format=%(refname:short)", "refs/heads/" + BatchLayout.LANE_BRANCH_ROOT)
                .stdout();
        for (String branch : refs.lines().toList()) {
            String rest = branch.substring(BatchLayout.LANE_BRANCH_ROOT.length());
            String batchId = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
            if (!finishedBatchIds.contains(batchId)) {
                branches.add(branch);
            }
        }
        return new Inventory(sessions, processes, worktrees, branches);
    }
}
