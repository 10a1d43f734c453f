package dev.orch.engine.running;

import dev.orch.engine.state.LaneRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** mergeOrder decisions (pure). */
final class MergeOrder {
    private MergeOrder() {
    }

    /** Lanes touching fewer files merge first (smaller merges are less likely to conflict); ties by lane number. */
    static List<LaneRecord> fewestFilesFirst(Map<LaneRecord, Integer> filesChanged) {
        List<LaneRecord> lanes = new ArrayList<>(filesChanged.keySet());
        lanes.sort(Comparator.<LaneRecord>comparingInt(filesChanged::get).thenComparingInt(l -> l.number));
        return lanes;
    }
}
