package dev.etaglab.gatling;

import dev.etaglab.lb.cluster.Balancer;
import dev.etaglab.lb.cluster.BalancingPolicy;
import java.util.Locale;

/**
 * What the 304 rate for unchanged content should be, before anything is measured: the number a run's
 * measurement is held against.
 *
 * <p>A client holds the tag of the replica that sent its last 200. With a content-derived tag every replica
 * answers that tag with 304, so the rate is 1. With node-local tags (the wire check shows the replicas
 * disagree) only the replica that minted the client's tag answers 304, and after a 200 from another replica
 * the client holds that one's tag: so the client's tag is always the one of the replica that answered its
 * previous request, and the rate is P(a request lands on the same replica as the client's previous one).
 * <ul>
 *   <li>one replica, or a sticky policy between membership changes: 1;</li>
 *   <li>round-robin, random or least-in-flight (ties round-robin) with jittered clients, and nginx's and
 *       HAProxy's round-robin: consecutive requests of one client are as good as independent draws over N
 *       replicas, so 1/N;</li>
 *   <li>lb.jar's round-robin with lock-step clients: between two polls of a user the single counter moves by
 *       the number of users U, so the user lands on the same replica every time when U mod N = 0 and never
 *       otherwise — the aliasing artefact, not a property of balancers; nginx's and HAProxy's counters are
 *       per worker thread or process, for which no such closed form holds (not modelled).</li>
 * </ul>
 *
 * @param expected the expected rate, or {@code NaN} when not modelled
 * @param basis    the rule that gave it, in words, for the report
 */
public record RevalidationModel(double expected, String basis) {

    /** How far a measured rate may stray from the model, in absolute terms (5 percentage points). */
    public static final double TOLERANCE = 0.05;

    public static RevalidationModel of(RunSettings settings, boolean replicasAgreeOnValidators) {
        int n = settings.replicas();
        if (replicasAgreeOnValidators) {
            return new RevalidationModel(1.0, "replicas agree on validators: every revalidation is a 304");
        }
        if (n == 1) {
            return new RevalidationModel(1.0, "one replica: every request reaches the tag's minter");
        }
        if (settings.balancer() == Balancer.LB && settings.policy() == BalancingPolicy.STICKY) {
            return new RevalidationModel(1.0, "sticky: a client stays on its replica until it is re-homed");
        }
        if (settings.pacing() == Pacing.LOCKSTEP) {
            if (settings.balancer() != Balancer.LB || settings.policy() != BalancingPolicy.ROUND_ROBIN) {
                return new RevalidationModel(Double.NaN, "lock-step clients: not modelled for " + describe(settings));
            }
            int users = settings.profile().users();
            return new RevalidationModel(users % n == 0 ? 1.0 : 0.0, String.format(Locale.ROOT,
                    "lock-step × one round-robin counter: %d users mod %d replicas = %d", users, n, users % n));
        }
        return new RevalidationModel(1.0 / n, String.format(Locale.ROOT,
                "%s over %d replicas with independent client timing: 1/%d", describe(settings), n, n));
    }

    /** Whether {@code measured} is within {@link #TOLERANCE} of the model; true when not modelled. */
    public boolean agrees(double measured) {
        return Double.isNaN(expected) || Math.abs(measured - expected) <= TOLERANCE;
    }

    private static String describe(RunSettings settings) {
        return settings.balancer() == Balancer.LB ? "lb.jar " + settings.policy() : settings.balancer() + " round-robin";
    }
}
