package dev.etaglab.gatling;

import java.time.Duration;
import java.util.Locale;

/**
 * The load and timing of one experiment, identical for the before and the after run.
 *
 * <p>Timeline of a run: users ramp up, then the max-age phase ({@code Cache-Control: max-age=N}) and
 * the revalidation phase ({@code no-cache}) follow, each as long as {@code phase}; halfway through
 * each phase the content really changes (a conditional PUT through the load balancer).
 *
 * @param name         ci, default, full, soak or matrix
 * @param users        virtual users, each polling on its own connection
 * @param pollInterval time between two polls of one user (its pace)
 * @param maxAge       {@code max-age} of the first phase
 * @param ramp         time before the first phase; users start evenly over its first half
 * @param phase        length of each phase
 * @param seedSize     size of the document, as the server's {@code --size} takes it
 * @param sampleResources whether to record every JVM's heap, RSS, threads and open files over the run
 */
public record ExperimentProfile(String name, int users, Duration pollInterval, Duration maxAge, Duration ramp,
                                Duration phase, String seedSize, boolean sampleResources) {

    /** The contract of the after run: share of unchanged-content revalidations answered 304. */
    public static final double REQUIRED_304_RATE = 0.99;

    public static ExperimentProfile named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            // The regression gate inside the test command: short, but with a change in both phases. Users
            // start within 2 s; the other 2 s of the ramp absorb Gatling starting them late on a busy machine.
            case "ci" -> new ExperimentProfile("ci", 20, Duration.ofSeconds(1), Duration.ofSeconds(3),
                    Duration.ofSeconds(4), Duration.ofSeconds(16), "20KiB", false);
            // The README's first command: under five minutes for both runs on two cores.
            case "default" -> new ExperimentProfile("default", 100, Duration.ofSeconds(1), Duration.ofSeconds(10),
                    Duration.ofSeconds(5), Duration.ofSeconds(50), "20KiB", false);
            // Committed evidence.
            case "full" -> new ExperimentProfile("full", 200, Duration.ofSeconds(1), Duration.ofSeconds(10),
                    Duration.ofSeconds(10), Duration.ofSeconds(120), "20KiB", false);
            // Not in CI: a bounded long run whose point is that heap and open files stay flat (issue 7).
            case "soak" -> new ExperimentProfile("soak", 200, Duration.ofSeconds(1), Duration.ofSeconds(10),
                    Duration.ofSeconds(10), Duration.ofMinutes(5), "20KiB", true);
            // One cell of the replica × policy matrix, run hundreds of times: short phases, enough users that one
            // revalidation phase holds ~700 revalidations (a binomial standard error under 2 points at 1/3). The
            // max-age phase must still let every client see its change: half a phase (4 s) covers max-age (1 s)
            // plus the longest jittered interval (1.5 s) plus margin.
            case "matrix" -> new ExperimentProfile("matrix", 100, Duration.ofSeconds(1), Duration.ofSeconds(1),
                    Duration.ofSeconds(3), Duration.ofSeconds(8), "20KiB", false);
            default -> throw new IllegalArgumentException("unknown experiment profile '" + name
                    + "'; choose one of ci, default, full, soak, matrix");
        };
    }

    /** The same timeline with another number of users (the user sweep varies what should not matter). */
    public ExperimentProfile withUsers(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("a run needs at least one user, not " + value);
        }
        return new ExperimentProfile(name, value, pollInterval, maxAge, ramp, phase, seedSize, sampleResources);
    }

    public String maxAgeCacheControl() {
        return "max-age=" + maxAge.toSeconds();
    }
}
