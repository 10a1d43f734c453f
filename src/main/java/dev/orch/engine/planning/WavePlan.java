package dev.orch.engine.planning;

import java.util.List;

/**
 * One wave: lanes that run in parallel; the wave ends when every lane is done and merged.
 *
 * @param number 1-based wave number
 * @param lanes  lanes, numbered from 1
 */
public record WavePlan(int number, List<LanePlan> lanes) {
    /** Estimated length in size units: the heaviest lane. */
    public int estimate() {
        return lanes.stream().mapToInt(LanePlan::weight).max().orElse(0);
    }
}
