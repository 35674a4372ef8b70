package dev.etaglab.lb.cluster;

import dev.etaglab.support.Labels;

/**
 * How lb.jar chooses a replica per request, as its {@code --policy} takes it. nginx and HAProxy run their
 * shipped round-robin configs.
 */
public enum BalancingPolicy {
    /** One counter shared by every request: each request goes to the next replica. */
    ROUND_ROBIN("round-robin"),
    /** An independent uniform draw per request. */
    RANDOM("random"),
    /** The replica with the fewest requests in flight; ties (idle replicas) round-robin. */
    LEAST_IN_FLIGHT("least-in-flight"),
    /** Client affinity by cookie, placed by consistent hashing: a client stays on one replica until it is re-homed. */
    STICKY("sticky");

    private final String label;

    BalancingPolicy(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static BalancingPolicy named(String name) {
        return Labels.parse(BalancingPolicy.class, "policy", name, BalancingPolicy::label);
    }

    @Override
    public String toString() {
        return label;
    }
}
