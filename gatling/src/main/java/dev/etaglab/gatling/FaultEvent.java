package dev.etaglab.gatling;

/**
 * One step of a fault injected during a run, and when it happened.
 *
 * @param what        e.g. "replica-1 killed (SIGKILL)", "balancer took replica-1 out of rotation"
 * @param epochMillis when the operator did it or observed it
 */
public record FaultEvent(String what, long epochMillis) {
}
