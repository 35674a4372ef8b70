package dev.etaglab.gatling;

/**
 * One step of a fault injected during a run, and when it happened.
 *
 * @param what        e.g. "replica-1 killed (SIGKILL)", "balancer took replica-1 out of rotation"
 * @param epochMillis when the operator did it or observed it
 * @param disruption  whether this step starts a disruption (a kill, a scale-out, one replica's redeploy):
 *                    the clients' refetches are counted from it to the next one, or to the content change
 */
public record FaultEvent(String what, long epochMillis, boolean disruption) {
}
