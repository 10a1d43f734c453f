package dev.orch.engine.running;

import dev.orch.engine.state.BatchState;
import dev.orch.engine.state.LaneRecord;
import dev.orch.engine.state.TaskRecord;
import dev.orch.engine.state.TaskStatus;

import java.util.LinkedHashMap;
import java.util.Map;

/** onTaskFailure: what a final task failure does to the rest of the batch, and which tasks can no longer run. */
final class FailurePolicy {
    static final String SKIP_DEPENDENTS = "skip-dependents";
    static final String STOP_WAVE = "stop-wave";
    static final String STOP_ALL = "stop-all";

    private FailurePolicy() {
    }

    static void onTaskFailed(BatchContext context, String taskId) {
        String policy = context.settings().onTaskFailure();
        if (STOP_ALL.equals(policy)) {
            String reason = taskId + " failed and onTaskFailure=stop-all";
            context.stop().requestStopAll(reason);
            context.recorder().update(state -> state.stopReason = reason);
        } else if (STOP_WAVE.equals(policy)) {
            context.recorder().update(state -> {
                if (state.stopReason == null) {
                    state.stopReason = taskId + " failed and onTaskFailure=stop-wave: the batch stops after this wave";
                }
            });
        }
    }

    /**
     * Pending tasks of a wave that cannot run, with the reason: a dependency failed, was blocked or skipped, or
     * succeeded in a lane that was not merged (its work is not on the integration branch). Dependencies are in
     * earlier waves, so their fate is settled when the wave starts. Pure.
     */
    static Map<String, String> blockedInWave(BatchState state, int wave) {
        Map<String, String> blocked = new LinkedHashMap<>();
        for (LaneRecord lane : state.lanesOfWave(wave)) {
            for (String id : lane.tasks) {
                TaskRecord task = state.tasks.get(id);
                if (task.status != TaskStatus.PENDING) {
                    continue;
                }
                for (String dependencyId : task.dependencies) {
                    TaskRecord dependency = state.tasks.get(dependencyId);
                    if (dependency == null) {
                        continue; // complete before the batch started
                    }
                    String why = whyNotLanded(state, dependency);
                    if (why != null) {
                        blocked.put(id, "depends on " + dependencyId + ", which " + why);
                        break;
                    }
                }
            }
        }
        return blocked;
    }

    private static String whyNotLanded(BatchState state, TaskRecord dependency) {
        return switch (dependency.status) {
            case FAILED -> "failed";
            case BLOCKED -> "was blocked";
            case SKIPPED -> "was skipped";
            case SUCCEEDED -> {
                LaneRecord lane = state.lanes.get("w" + dependency.wave + "-l" + dependency.lane);
                yield lane != null && "merged".equals(lane.status) ? null
                        : "succeeded but its lane was not merged";
            }
            default -> "did not finish";
        };
    }
}
