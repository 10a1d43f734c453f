package dev.orch.engine.running;

import dev.orch.engine.running.ResumeRules.Action;
import dev.orch.engine.running.ResumeRules.TaskFacts;
import dev.orch.engine.state.Phase;
import dev.orch.engine.state.TaskStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResumeRulesTest {

    @ParameterizedTest
    @EnumSource(value = Phase.class, names = {"PAUSED", "EXECUTING", "MERGING"})
    void resumablePhasesAreAccepted(Phase phase) {
        assertTrue(ResumeRules.refusal(phase, "20260101-000000").isEmpty());
    }

    @ParameterizedTest
    @EnumSource(value = Phase.class, names = {"PLANNING", "COMPLETED", "FAILED", "STOPPED"})
    void otherPhasesGetAReasonAndTheNextCommand(Phase phase) {
        String reason = ResumeRules.refusal(phase, "20260101-000000").orElseThrow();
        assertTrue(reason.contains("20260101-000000"), reason);
        assertTrue(reason.contains("mvn orch:run") || reason.contains("mvn orch:abort"), reason);
    }

    private static TaskFacts facts(TaskStatus status, boolean inFlight, boolean doneWorktree, boolean doneBranch,
                                   boolean alive, boolean exit, boolean worktree) {
        return new TaskFacts(status, inFlight, doneWorktree, doneBranch, alive, exit, worktree);
    }

    @Test
    void rule1DoneInWorktreeOrOnBranchCompletesEvenWhileTheSessionLives() {
        assertEquals(Action.COMPLETE, ResumeRules.decide(facts(TaskStatus.RUNNING, true, true, false, true, false, true)).action());
        assertEquals(Action.COMPLETE, ResumeRules.decide(facts(TaskStatus.RUNNING, true, false, true, false, false, false)).action());
        assertEquals(Action.COMPLETE, ResumeRules.decide(facts(TaskStatus.PENDING, false, false, true, false, false, true)).action());
    }

    @Test
    void rule2LiveSessionOrRecordedExitIsAwaited() {
        assertEquals(Action.AWAIT, ResumeRules.decide(facts(TaskStatus.RUNNING, true, false, false, true, false, true)).action());
        assertEquals(Action.AWAIT, ResumeRules.decide(facts(TaskStatus.RUNNING, true, false, false, false, true, true)).action());
    }

    @Test
    void rule3FinishedTasksKeepTheirOutcome() {
        for (TaskStatus status : new TaskStatus[]{TaskStatus.SUCCEEDED, TaskStatus.FAILED, TaskStatus.BLOCKED, TaskStatus.SKIPPED}) {
            assertEquals(Action.KEEP, ResumeRules.decide(facts(status, false, false, false, false, false, true)).action(),
                    status.label());
        }
    }

    @Test
    void rule4InterruptedWithWorktreeRunsAgain() {
        assertEquals(Action.RERUN, ResumeRules.decide(facts(TaskStatus.RUNNING, true, false, false, false, false, true)).action());
    }

    @Test
    void rule5NeverStartedStaysPending() {
        assertEquals(Action.PENDING, ResumeRules.decide(facts(TaskStatus.PENDING, false, false, false, false, false, false)).action());
    }

    @Test
    void rule6InterruptedWithoutWorktreeFailsWithAReason() {
        ResumeRules.Decision decision = ResumeRules.decide(facts(TaskStatus.RUNNING, true, false, false, false, false, false));
        assertEquals(Action.FAIL, decision.action());
        assertTrue(decision.reason().contains("worktree"), decision.reason());
    }

    @Test
    void precedenceDoneBeatsLiveSessionAndLiveSessionBeatsRecordedStatus() {
        // .DONE first, then a live session, then the record.
        assertEquals(Action.COMPLETE, ResumeRules.decide(facts(TaskStatus.RUNNING, true, true, true, true, true, true)).action());
        assertEquals(Action.AWAIT, ResumeRules.decide(facts(TaskStatus.RUNNING, true, false, false, true, false, false)).action());
    }
}
