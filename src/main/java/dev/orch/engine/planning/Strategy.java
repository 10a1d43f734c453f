package dev.orch.engine.planning;

import java.util.Locale;

/** How a wave's scope groups are spread over lanes. */
public enum Strategy {
    AFFINITY_FIRST("affinity-first"),
    ROUND_ROBIN("round-robin"),
    LOAD_BALANCED("load-balanced");

    private final String label;

    Strategy(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Strategy parse(String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (Strategy s : values()) {
            if (s.label.equals(wanted)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown strategy '" + text
                + "' (use affinity-first, round-robin or load-balanced)");
    }
}
