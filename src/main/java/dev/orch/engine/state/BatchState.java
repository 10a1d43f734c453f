package dev.orch.engine.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recorded batch ({@code batch-state.json}). Mutable, and every mutation happens while holding this
 * object's monitor, followed by a save through {@link StateStore}.
 */
public class BatchState {
    public static final int SCHEMA_VERSION = 1;

    public int schemaVersion = SCHEMA_VERSION;
    public Phase phase = Phase.PLANNING;
    public String batchId;
    public String baseBranch;
    /** The base branch's commit the batch started from (after the task-file commit). */
    public String baseCommit;
    public String integrationBranch;
    /** Top level of the repository. */
    public String repoRoot;
    /** The Maven project's folder relative to the repository top level ("" at the top). */
    public String projectPath;
    public String driver;
    /** Where the batch's worktrees live (absolute). */
    public String worktreeDirectory;
    /** tmux socket name (-L) when the driver is tmux. */
    public String tmuxSocket;
    public String startedAt;
    public String updatedAt;
    public String endedAt;
    /** The settings the batch runs with; resume uses them, not whatever the POM says later. */
    public Map<String, Object> settings = new LinkedHashMap<>();
    /** Waves: each a list of lane keys (w1-l1 ...), in plan order. */
    public List<List<String>> wavePlan = new ArrayList<>();
    /** Highest wave whose merges are done (0 = none). */
    public int mergedWave;
    public Map<String, LaneRecord> lanes = new LinkedHashMap<>();
    public Map<String, TaskRecord> tasks = new LinkedHashMap<>();
    public List<MergeRecord> mergeResults = new ArrayList<>();
    public Map<String, Integer> counters = new LinkedHashMap<>();
    public List<String> errors = new ArrayList<>();
    /** How the result reached the base branch, or the command that would do it. */
    public String integrationResult;
    public Usage usage = new Usage();

    /** Set when a failure policy ends the batch early (stop-wave, stop-all, merge abort): the reason. */
    public String stopReason;

    /** Recomputes {@link #counters} and the usage totals from the tasks and their attempts. */
    public void recount() {
        Usage total = new Usage();
        for (TaskRecord task : tasks.values()) {
            for (AttemptRecord attempt : task.attempts) {
                total.add(attempt.usage);
            }
        }
        usage = total;
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("total", tasks.size());
        for (TaskStatus status : TaskStatus.values()) {
            counts.put(status.label(), 0);
        }
        for (TaskRecord task : tasks.values()) {
            counts.merge(task.status.label(), 1, Integer::sum);
        }
        counters = counts;
    }

    public List<LaneRecord> lanesOfWave(int wave) {
        List<LaneRecord> result = new ArrayList<>();
        if (wave >= 1 && wave <= wavePlan.size()) {
            for (String key : wavePlan.get(wave - 1)) {
                result.add(lanes.get(key));
            }
        }
        return result;
    }
}
