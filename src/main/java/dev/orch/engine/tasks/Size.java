package dev.orch.engine.tasks;

/** A task's declared size; the weight drives estimates and load balancing. */
public enum Size {
    S(1), M(2), L(4);

    private final int weight;

    Size(int weight) {
        this.weight = weight;
    }

    public int weight() {
        return weight;
    }
}
