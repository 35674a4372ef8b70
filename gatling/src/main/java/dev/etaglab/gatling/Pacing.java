package dev.etaglab.gatling;

import dev.etaglab.support.Labels;

/**
 * How the virtual users space their polls: the client model of the experiment.
 *
 * <p>Real pollers (dashboards, apps, browser tabs) start at unrelated moments and drift: their timers are
 * not synchronised with each other. Lock-step users, all at the same pace and evenly spaced, interact with a
 * round-robin balancer's single counter instead: between two polls of one user the counter advances by the
 * number of users, so which replica a user revalidates against is fixed by {@code users mod replicas}. That
 * measures the load pattern, not the balancer; it is kept only to show that artefact on purpose.
 */
public enum Pacing {
    /** Each user starts at a random phase of its interval and draws every interval uniformly from ±50 % of the mean. */
    JITTERED("jittered"),
    /** Every user polls at exactly the mean interval from the moment it arrives: the aliasing demonstration. */
    LOCKSTEP("lockstep");

    private final String label;

    Pacing(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Pacing named(String name) {
        return Labels.parse(Pacing.class, "pacing", name, Pacing::label);
    }

    @Override
    public String toString() {
        return label;
    }
}
