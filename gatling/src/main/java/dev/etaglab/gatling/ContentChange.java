package dev.etaglab.gatling;

/**
 * A real content change made by the operator through the load balancer.
 *
 * @param phase          the phase it happened in
 * @param sentMillis     when the successful PUT was sent: the replica that takes it serves the new
 *                       version from its next request, possibly before the acknowledgement arrives
 * @param ackMillis      when the PUT was acknowledged (204)
 * @param visibleMillis  when every replica served the new bytes (polled directly)
 * @param preconditionFailures 412s before the PUT got through: with node-local tags, a writer whose
 *                       If-Match came from one replica is refused by another
 * @param newDigest      fingerprint of the new body
 */
public record ContentChange(Phase phase, long sentMillis, long ackMillis, long visibleMillis, int preconditionFailures,
                            String newDigest) {
}
