package dev.etaglab.gatling;

import dev.etaglab.lb.cluster.SocketSnapshot;

/**
 * What the operator reads at a phase boundary: the balancer's own counters and, independently, the kernel's
 * per-socket TCP counters of the balancer's client-facing sockets (the ground truth for bytes that is not our
 * arithmetic).
 *
 * @param balancer lb.jar's {@code /metrics}, or nginx's or HAProxy's access log
 * @param kernel   {@code ss} for every established socket on the balancer's port
 */
public record CounterReading(LbMetrics balancer, SocketSnapshot kernel) {

    public long epochMillis() {
        return balancer.epochMillis();
    }
}
