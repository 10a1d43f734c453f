package dev.orch.engine.reports;

import dev.orch.engine.state.AttemptRecord;
import dev.orch.engine.state.BatchState;
import dev.orch.engine.state.LaneRecord;
import dev.orch.engine.state.MergeRecord;
import dev.orch.engine.state.Phase;
import dev.orch.engine.state.TaskRecord;
import dev.orch.engine.state.TaskStatus;
import dev.orch.engine.state.Usage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Hand-built batch states for the writers' unit tests and the overhead benchmark (no git, no agents). */
final class SyntheticStates {
    private SyntheticStates() {
    }

    /** {@code waves} waves of {@code lanes} lanes with {@code perLane} tasks each; task i of wave w depends on
     *  task i of wave w-1. Outcomes cycle through every status and attempt outcome. */
    static BatchState batch(int waves, int lanes, int perLane) {
        Instant t0 = Instant.parse("2026-11-21T08:00:00Z");
        BatchState state = new BatchState();
        state.batchId = "20261121-080000";
        state.phase = Phase.FAILED;
        state.baseBranch = "main";
        state.integrationBranch = "orch/20261121-080000";
        state.repoRoot = "/tmp/repo";
        state.driver = "process";
        state.startedAt = t0.toString();
        state.endedAt = t0.plusSeconds(waves * 60L + 30).toString();
        int n = 0;
        List<String> previousWave = new ArrayList<>();
        String[] outcomes = {"succeeded", "failed", "timeout", "stalled", "interrupted", "spawn-failed"};
        for (int w = 1; w <= waves; w++) {
            List<String> keys = new ArrayList<>();
            List<String> thisWave = new ArrayList<>();
            for (int l = 1; l <= lanes; l++) {
                LaneRecord lane = new LaneRecord();
                lane.wave = w;
                lane.number = l;
                lane.branch = "orch/lanes/20261121-080000/w" + w + "-l" + l;
                for (int k = 0; k < perLane; k++) {
                    n++;
                    TaskRecord task = new TaskRecord();
                    task.id = "T-" + n;
                    task.name = "task number " + n + " <with> & \"markup\"";
                    task.area = n % 2 == 0 ? "core" : "web";
                    task.wave = w;
                    task.lane = l;
                    int index = thisWave.size();
                    if (index < previousWave.size()) {
                        task.dependencies.add(previousWave.get(index));
                    }
                    Instant start = t0.plusSeconds((w - 1) * 60L + k * 10L);
                    task.startedAt = start.toString();
                    int attempts = 1 + n % 2;
                    for (int a = 1; a <= attempts; a++) {
                        AttemptRecord attempt = new AttemptRecord();
                        attempt.number = a;
                        attempt.session = "s-" + n + "-" + a;
                        attempt.startedAt = start.plusSeconds((a - 1) * 5L).toString();
                        attempt.endedAt = start.plusSeconds((a - 1) * 5L + 4).toString();
                        attempt.outcome = a == attempts && n % 3 != 0 ? "succeeded" : outcomes[(n + a) % outcomes.length];
                        attempt.exitCode = "succeeded".equals(attempt.outcome) ? 0 : 1;
                        attempt.reason = "succeeded".equals(attempt.outcome) ? null : "reason ]]> \u0007 " + n;
                        attempt.usage = new Usage(10, 2, 0.01);
                        task.attempts.add(attempt);
                    }
                    task.endedAt = start.plusSeconds(attempts * 5L).toString();
                    task.status = "succeeded".equals(task.lastAttempt().outcome) ? TaskStatus.SUCCEEDED
                            : n % 2 == 0 ? TaskStatus.FAILED : TaskStatus.BLOCKED;
                    task.exitReason = task.status == TaskStatus.SUCCEEDED ? null : "failed for reason " + n;
                    lane.tasks.add(task.id);
                    thisWave.add(task.id);
                    state.tasks.put(task.id, task);
                }
                state.lanes.put(lane.key(), lane);
                keys.add(lane.key());
                MergeRecord merge = new MergeRecord();
                merge.wave = w;
                merge.lane = l;
                merge.branch = lane.branch;
                merge.status = l == 1 ? "conflict" : "merged";
                merge.conflictFiles = l == 1 ? List.of("src/<a>.java", "b & c.txt") : List.of();
                merge.at = t0.plusSeconds(w * 60L - 5).toString();
                state.mergeResults.add(merge);
            }
            state.wavePlan.add(keys);
            previousWave = thisWave;
        }
        state.recount();
        return state;
    }
}
