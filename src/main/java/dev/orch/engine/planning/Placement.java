package dev.orch.engine.planning;

/**
 * Where a task runs in a plan.
 *
 * @param wave 1-based wave number
 * @param lane 1-based lane number within the wave
 */
public record Placement(int wave, int lane) {
}
