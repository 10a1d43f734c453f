package dev.orch.engine.state;

import java.util.ArrayList;
import java.util.List;

/** One lane of one wave. Mutable; guarded by the state's lock. */
public class LaneRecord {
    public int wave;
    public int number;
    public List<String> tasks = new ArrayList<>();
    public String branch;
    /** Absolute path of the lane's worktree. */
    public String worktree;
    /** The integration commit the lane branch started from. */
    public String baseCommit;
    /** pending | running | done | failed | merged | merge-failed */
    public String status = "pending";
    /** The lane branch tip that was merged (kept after the branch is deleted, for ancestry checks). */
    public String tip;
    /** The merge commit on the integration branch. */
    public String mergeCommit;

    public String key() {
        return "w" + wave + "-l" + number;
    }
}
