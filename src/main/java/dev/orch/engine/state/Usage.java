package dev.orch.engine.state;

/** Token and cost usage an agent reports; summed per attempt, task and batch. */
public class Usage {
    public long inputTokens;
    public long outputTokens;
    public double costUsd;

    public Usage() {
    }

    public Usage(long inputTokens, long outputTokens, double costUsd) {
        this.inputTokens = inputTokens;
        this.outputTokens = outputTokens;
        this.costUsd = costUsd;
    }

    public void add(Usage other) {
        if (other != null) {
            inputTokens += other.inputTokens;
            outputTokens += other.outputTokens;
            costUsd += other.costUsd;
        }
    }
}
