package dev.etaglab.gatling;

/**
 * When a run started, in epoch milliseconds, and where its phase boundaries lie; shared by the
 * simulation's users and the operator thread so both agree on the timeline.
 */
public record RunClock(long startMillis, ExperimentProfile profile) {

    /** After the end, how long the operator waits for the last responses before its final reading. */
    public static final long SETTLE_MILLIS = 1_000;

    /** When the users close their connections: after the operator's final reading. */
    public long release() {
        return end() + 2 * SETTLE_MILLIS;
    }

    public long maxAgeStart() {
        return startMillis + profile.ramp().toMillis();
    }

    public long revalidationStart() {
        return maxAgeStart() + profile.phase().toMillis();
    }

    public long end() {
        return revalidationStart() + profile.phase().toMillis();
    }

    /** The content changes halfway through each phase. */
    public long changeAt(Phase phase) {
        long half = profile.phase().toMillis() / 2;
        return switch (phase) {
            case MAX_AGE -> maxAgeStart() + half;
            case REVALIDATION -> revalidationStart() + half;
            case RAMP -> throw new IllegalArgumentException("no change during the ramp");
        };
    }

    public Phase phaseAt(long epochMillis) {
        if (epochMillis < maxAgeStart()) {
            return Phase.RAMP;
        }
        return epochMillis < revalidationStart() ? Phase.MAX_AGE : Phase.REVALIDATION;
    }
}
