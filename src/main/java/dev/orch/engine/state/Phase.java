package dev.orch.engine.state;

/** The phases a batch goes through (SPEC section 5). */
public enum Phase {
    PLANNING, EXECUTING, MERGING, PAUSED, STOPPED, COMPLETED, FAILED;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** A batch in one of these phases is still in flight: a new run is refused until it is resumed or aborted. */
    public boolean active() {
        return this == PLANNING || this == EXECUTING || this == MERGING || this == PAUSED;
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String json() {
        return label();
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static Phase parse(String text) {
        return valueOf(text.toUpperCase(java.util.Locale.ROOT));
    }
}
