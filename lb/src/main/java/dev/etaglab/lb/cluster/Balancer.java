package dev.etaglab.lb.cluster;

import dev.etaglab.support.Labels;

/**
 * Which load balancer stands in front of the replicas. The experiment's conclusion must not depend on
 * it: a content-derived ETag is balancer-agnostic, and nginx and HAProxy (Debian packages) prove it.
 */
public enum Balancer {
    /** {@code lb.jar}: exact egress and statuses on its admin port's {@code /metrics}. */
    LB("lb"),
    /** nginx with {@code nginx.conf.template}: egress from its access log ({@code $bytes_sent}). */
    NGINX("nginx"),
    /** HAProxy with {@code haproxy.cfg.template}: egress from its log lines (header block + body). */
    HAPROXY("haproxy");

    private final String label;

    Balancer(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Balancer named(String name) {
        return Labels.parse(Balancer.class, "balancer", name, Balancer::label);
    }

    @Override
    public String toString() {
        return label;
    }
}
