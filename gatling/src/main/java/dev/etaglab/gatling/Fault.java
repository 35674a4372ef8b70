package dev.etaglab.gatling;

import dev.etaglab.support.Labels;

/**
 * What the operator breaks during the revalidation phase, while every client is revalidating through
 * the balancer. The promise under test: clients never notice, and the 304 contract still holds.
 */
public enum Fault {
    NONE("none"),
    /** kill -9 of replica 1 a tenth into the phase, restarted a fifth in (before the content change). */
    KILL_REPLICA("kill-replica"),
    /** A replica more joins the balancer a tenth into the phase (lb.jar: its admin port's POST /backends). */
    SCALE_OUT("scale-out"),
    /** From a tenth into the phase, each replica in turn is stopped and started with a fresh local copy. */
    ROLLING_REDEPLOY("rolling-redeploy");

    /** The replica that dies: not the first, which the operator reads its seed from. */
    static final int VICTIM = 1;

    private final String label;

    Fault(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Fault named(String name) {
        return Labels.parse(Fault.class, "fault", name, Fault::label);
    }

    @Override
    public String toString() {
        return label;
    }
}
