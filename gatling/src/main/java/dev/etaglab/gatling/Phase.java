package dev.etaglab.gatling;

/** The parts of a run's timeline; events are attributed by their start time. */
public enum Phase {
    /** Users are still starting; counted nowhere. */
    RAMP("ramp-up"),
    /** {@code Cache-Control: max-age=N}: fresh polls never leave the client. */
    MAX_AGE("max-age"),
    /** {@code Cache-Control: no-cache}: every poll is a conditional request. */
    REVALIDATION("revalidation");

    private final String label;

    Phase(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
