package dev.orch.engine.running;

import dev.orch.engine.state.Phase;

import java.util.List;

/**
 * How a run or resume ended, for the caller (the Maven layer decides whether the build fails).
 *
 * @param phase       the phase the batch is left in
 * @param failed      tasks that failed, with their logs
 * @param blocked     tasks blocked or skipped
 * @param message     one paragraph saying what happened and the next command
 */
public record BatchOutcome(String batchId, Phase phase, List<String> failed, List<String> blocked, String message) {
    /** Whether the build should fail when failOnTaskFailure is on. */
    public boolean unsuccessful() {
        return phase != Phase.COMPLETED || !failed.isEmpty() || !blocked.isEmpty();
    }
}
