package dev.orch.engine.commands;

import dev.orch.engine.planning.LanePlan;
import dev.orch.engine.planning.Plan;
import dev.orch.engine.planning.WavePlan;
import dev.orch.engine.running.BatchLayout;
import dev.orch.engine.running.BatchSession;
import dev.orch.engine.running.Settings;
import dev.orch.engine.state.BatchState;
import dev.orch.engine.state.LaneRecord;
import dev.orch.engine.state.Phase;
import dev.orch.engine.state.TaskRecord;
import dev.orch.engine.tasks.Backlog;
import dev.orch.engine.tasks.Task;
import dev.orch.engine.tasks.TaskId;
import dev.orch.engine.util.Sha256;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns a plan into the initial recorded state of a batch. */
final class NewBatch {
    private NewBatch() {
    }

    static BatchState record(Plan plan, Backlog backlog, BatchLayout layout, Project project, String baseBranch,
                             String baseCommit, String driver, Settings settings) {
        BatchState state = new BatchState();
        state.phase = Phase.PLANNING;
        state.batchId = layout.batchId();
        state.baseBranch = baseBranch;
        state.baseCommit = baseCommit;
        state.integrationBranch = layout.integrationBranch();
        state.repoRoot = project.repoRoot().toString();
        state.projectPath = project.projectPath();
        state.driver = driver;
        state.worktreeDirectory = layout.worktreeDirectory().toAbsolutePath().normalize().toString();
        state.tmuxSocket = "tmux".equals(driver) ? BatchSession.tmuxSocket(layout.stateDirectory()) : null;
        state.startedAt = Instant.now().toString();
        state.settings = settings.toMap();
        Map<TaskId, Task> tasks = plan.tasks();
        for (WavePlan wave : plan.waves()) {
            List<String> laneKeys = new ArrayList<>();
            for (LanePlan lanePlan : wave.lanes()) {
                LaneRecord lane = new LaneRecord();
                lane.wave = wave.number();
                lane.number = lanePlan.number();
                lane.branch = layout.laneBranch(wave.number(), lanePlan.number());
                lane.worktree = layout.laneWorktree(wave.number(), lanePlan.number()).toString();
                for (TaskId id : lanePlan.tasks()) {
                    lane.tasks.add(id.value());
                    state.tasks.put(id.value(), taskRecord(tasks.get(id), wave.number(), lanePlan.number(), project));
                }
                state.lanes.put(lane.key(), lane);
                laneKeys.add(lane.key());
            }
            state.wavePlan.add(laneKeys);
        }
        return state;
    }

    private static TaskRecord taskRecord(Task task, int wave, int lane, Project project) {
        TaskRecord record = new TaskRecord();
        record.id = task.id().value();
        record.name = task.spec().name();
        record.area = task.spec().area();
        record.folder = project.relativeToRepo(task.spec().folder());
        record.size = task.spec().size().name();
        record.model = task.spec().model();
        task.pendingDependencies().forEach(dep -> record.dependencies.add(dep.value()));
        record.wave = wave;
        record.lane = lane;
        record.promptHash = Sha256.ofFile(task.spec().promptFile());
        return record;
    }
}
