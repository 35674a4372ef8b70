package dev.etaglab.gatling;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * When each virtual user polls: a pure function of the run's seed, the user and the poll's index, so a run
 * can be repeated exactly and repetitions differ only by their seed.
 *
 * <p>Jittered: the first poll waits a uniform share of one mean interval (a random phase), and every
 * interval is drawn uniformly from [0.5, 1.5] × the mean — the mean is kept, so the offered load is the
 * lock-step one. Lock-step: no phase, every interval exactly the mean.
 *
 * @param pacing the client model
 * @param mean   the mean time between two polls of one user
 * @param seed   the run's seed, recorded in {@code run.json}
 */
public record PollSchedule(Pacing pacing, Duration mean, long seed) {

    /** The wait before a user's first poll, after it arrived. */
    public Duration firstDelay(long userId) {
        return pacing == Pacing.LOCKSTEP ? Duration.ZERO : scaled(uniform(userId, -1));
    }

    /** The time from poll {@code index} (0 for the first) of {@code userId} to its next one. */
    public Duration interval(long userId, long index) {
        return pacing == Pacing.LOCKSTEP ? mean : scaled(0.5 + uniform(userId, index));
    }

    private Duration scaled(double factor) {
        return Duration.ofNanos(Math.round(mean.toNanos() * factor));
    }

    /*
     * A uniform double in [0, 1) from (seed, user, index). SplittableRandom seeded with a key is SplitMix64:
     * keys that differ in one bit give unrelated values. The user goes in the high half and the index (-1
     * for the phase) in the low half, so no two draws of one run share a key; the seed is mixed first, so
     * seeds 1, 2, 3 do not merely permute each other's keys.
     */
    private double uniform(long userId, long index) {
        long base = new SplittableRandom(seed).nextLong();
        return new SplittableRandom(base ^ (userId << 32 | (index & 0xFFFF_FFFFL))).nextDouble();
    }
}
