package dev.etaglab.gatling;

import dev.etaglab.lb.cluster.Balancer;
import dev.etaglab.lb.cluster.BalancingPolicy;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What stands in front of the replicas in one matrix cell: lb.jar with one of its policies, or nginx or
 * HAProxy with their round-robin configs. Named on the command line by the policy ({@code round-robin},
 * {@code sticky}…) or the balancer ({@code nginx}, {@code haproxy}).
 */
record Front(Balancer balancer, BalancingPolicy policy) {

    static Front named(String name) {
        for (Balancer external : new Balancer[] {Balancer.NGINX, Balancer.HAPROXY}) {
            if (external.label().equals(name)) {
                return new Front(external, BalancingPolicy.ROUND_ROBIN);
            }
        }
        try {
            return new Front(Balancer.LB, BalancingPolicy.named(name));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown front '" + name + "'; choose one of " + Stream.concat(
                    Arrays.stream(BalancingPolicy.values()).map(BalancingPolicy::label),
                    Stream.of(Balancer.NGINX.label(), Balancer.HAPROXY.label())).collect(Collectors.joining(", ")));
        }
    }

    String label() {
        return balancer == Balancer.LB ? policy.label() : balancer.label();
    }

    @Override
    public String toString() {
        return balancer == Balancer.LB ? "lb.jar " + policy.label() : balancer.label() + " round-robin";
    }
}
