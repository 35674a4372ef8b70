package dev.etaglab.lb;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.github.bucket4j.Bucket;

/**
 * One bucket4j token bucket per client for one {@link LimitSpec}, created on the client's first request.
 * Buckets are never evicted: the lab has a handful of clients; an internet-facing balancer would need a
 * bounded cache here.
 */
final class ClientBuckets {
    private final LimitSpec spec;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    ClientBuckets(LimitSpec spec) {
        this.spec = spec;
    }

    Bucket of(String client) {
        return buckets.computeIfAbsent(client, ignored -> Bucket.builder()
                .addLimit(limit -> limit.capacity(spec.amount()).refillGreedy(spec.amount(), spec.period()))
                .build());
    }

    long capacity() {
        return spec.amount();
    }
}
