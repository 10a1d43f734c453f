package dev.orch.engine.state;

import java.util.ArrayList;
import java.util.List;

/** The result of merging one lane into the integration branch. */
public class MergeRecord {
    public int wave;
    public int lane;
    public String branch;
    /** merged | conflict | verify-failed | not-merged */
    public String status;
    public List<String> conflictFiles = new ArrayList<>();
    public String mergeCommit;
    public String message;
    public String at;
    public int filesChanged;
}
