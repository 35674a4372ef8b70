package dev.etaglab.lb;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;

/**
 * One bucket4j token bucket per client for one {@link LimitSpec}, created on the client's first request.
 *
 * <p>The map must not grow with every client ever seen (with {@code --client-header} a client can name itself
 * anew on each request). Two bounds:
 * <ul>
 *   <li>a bucket that has refilled to its capacity is indistinguishable from a new one, so it is dropped: a
 *       client idle for one period costs nothing, and dropping it changes no client's limit;</li>
 *   <li>at most {@code maxClients} buckets: when that many are still refilling, further new clients share one
 *       overflow bucket, so a flood of new names is limited together rather than admitted unlimited.</li>
 * </ul>
 * Refilled buckets are looked for each time the map has doubled since the last look, and at the cap at most
 * once a second (or period, if shorter), so a flood of new clients cannot make every request scan the map.
 */
final class ClientBuckets {
    static final int MAX_CLIENTS = 100_000;
    private static final int FIRST_SWEEP_AT = 1_024;

    private final LimitSpec spec;
    private final int maxClients;
    private final TimeMeter clock;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Bucket overflow;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final long sweepIntervalAtCapNanos;
    private volatile int sweepAt;
    private volatile boolean fullAtLastSweep;
    private volatile long lastSweepNanos;

    ClientBuckets(LimitSpec spec) {
        this(spec, MAX_CLIENTS, TimeMeter.SYSTEM_NANOTIME);
    }

    ClientBuckets(LimitSpec spec, int maxClients, TimeMeter clock) {
        this.spec = spec;
        this.maxClients = maxClients;
        this.clock = clock;
        this.overflow = newBucket();
        this.sweepAt = Math.min(FIRST_SWEEP_AT, maxClients);
        this.sweepIntervalAtCapNanos = Math.min(spec.period().toNanos(), 1_000_000_000L);
    }

    Bucket of(String client) {
        Bucket bucket = buckets.get(client);
        if (bucket != null) {
            return bucket;
        }
        if (buckets.size() >= sweepAt) {
            dropRefilled();
        }
        if (buckets.size() >= maxClients) {
            return overflow;
        }
        return buckets.computeIfAbsent(client, ignored -> newBucket());
    }

    long capacity() {
        return spec.amount();
    }

    /** Clients with a bucket of their own, for tests. */
    int size() {
        return buckets.size();
    }

    private void dropRefilled() {
        long now = clock.currentTimeNanos();
        if (fullAtLastSweep && now - lastSweepNanos < sweepIntervalAtCapNanos || !sweeping.compareAndSet(false, true)) {
            return;
        }
        try {
            buckets.values().removeIf(bucket -> bucket.getAvailableTokens() >= spec.amount());
            sweepAt = (int) Math.min(maxClients, Math.max(FIRST_SWEEP_AT, 2L * buckets.size()));
            lastSweepNanos = now;
            fullAtLastSweep = buckets.size() >= maxClients;
        } finally {
            sweeping.set(false);
        }
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(spec.amount()).refillGreedy(spec.amount(), spec.period()))
                .withCustomTimePrecision(clock)
                .build();
    }
}
