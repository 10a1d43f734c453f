package dev.orch.engine.running;

import dev.orch.engine.Console;
import dev.orch.engine.sessions.AgentDriver;
import dev.orch.engine.sessions.ProcessGroups;
import dev.orch.engine.state.BatchState;
import dev.orch.engine.state.LaneRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes what a batch created, and only that: its sessions, its worktrees (after saving anything uncommitted in
 * them to a ref) and its merged lane branches. Unmerged lane branches and saved refs stay.
 */
final class Cleanup {
    private final BatchLayout layout;
    private final Workspace workspace;
    private final AgentDriver driver;
    private final Console console;

    Cleanup(BatchLayout layout, Workspace workspace, AgentDriver driver, Console console) {
        this.layout = layout;
        this.workspace = workspace;
        this.driver = driver;
        this.console = console;
    }

    /** Removes one merged lane's worktree and branch (after its wave merged). */
    void removeMergedLane(LaneRecord lane) {
        Path worktree = Path.of(lane.worktree);
        saveIfDirty(worktree, layout.laneSavedRef(lane.key()), lane.key());
        workspace.removeWorktree(worktree);
        workspace.deleteBranch(lane.branch, lane.tip);
    }

    /** End of batch: everything this batch created, except unmerged work. */
    List<String> finish(BatchState state, boolean integrated) {
        List<String> kept = new ArrayList<>();
        ProcessGroups.terminate(ProcessGroups.under(layout.batchRunDirectory()), Duration.ofSeconds(3));
        // Their processes are stopped just above; what is left are the sessions themselves.
        driver.sessions(layout.sessionPrefix()).forEach(driver::discard);
        driver.shutdownIfIdle();
        for (LaneRecord lane : state.lanes.values()) {
            Path worktree = Path.of(lane.worktree);
            if (Files.exists(worktree)) {
                saveIfDirty(worktree, layout.laneSavedRef(lane.key()), lane.key());
                workspace.removeWorktree(worktree);
            }
            if ("merged".equals(lane.status)) {
                workspace.deleteBranch(lane.branch, lane.tip);
            } else if (workspace.repo().resolve("refs/heads/" + lane.branch).isPresent()) {
                if (laneHasWork(lane)) {
                    kept.add(lane.branch);
                } else {
                    workspace.deleteBranch(lane.branch, null);
                }
            }
        }
        Path merge = layout.mergeWorktree();
        if (Files.exists(merge)) {
            workspace.removeWorktree(merge);
        }
        if (integrated) {
            workspace.deleteBranch(layout.integrationBranch(), null);
        } else {
            kept.add(layout.integrationBranch());
        }
        Workspace.deleteIfEmpty(layout.worktreeDirectory().resolve(layout.batchId()));
        Workspace.deleteIfEmpty(layout.worktreeDirectory());
        Workspace.deleteTree(layout.batchRunDirectory());
        return kept;
    }

    /** A lane branch with commits beyond where it started holds work worth keeping. */
    private boolean laneHasWork(LaneRecord lane) {
        String tip = workspace.repo().resolve("refs/heads/" + lane.branch).orElse(null);
        return tip != null && lane.baseCommit != null && !tip.equals(lane.baseCommit);
    }

    private void saveIfDirty(Path worktree, String ref, String what) {
        if (!Files.exists(worktree.resolve(".git"))) {
            return;
        }
        try {
            if (workspace.dirty(worktree)) {
                workspace.saveWork(worktree, null, ref, "orch: uncommitted work of " + what + " at cleanup")
                        .ifPresent(saved -> console.warn("[orch] uncommitted work in " + worktree + " kept at " + saved));
            }
        } catch (RuntimeException e) {
            throw new dev.orch.engine.OrchFailure("could not save the work in " + worktree + " before removing it ("
                    + e.getMessage() + "); nothing was removed", e);
        }
    }
}
