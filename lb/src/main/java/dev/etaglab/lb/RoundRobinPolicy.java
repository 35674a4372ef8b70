package dev.etaglab.lb;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Each request starts one step further round the ring and walks it once, taking the first eligible backend
 * (Undertow's {@code selectHost}). {@code Math.floorMod} keeps the index valid when the counter wraps past
 * {@link Integer#MAX_VALUE}; a plain {@code %} would turn negative there and throw. The ring is the snapshot of the
 * moment, so when backends are added or removed the next request simply walks the new ring from the same counter.
 */
final class RoundRobinPolicy implements Policy {
    private final AtomicInteger next;

    RoundRobinPolicy() {
        this(0);
    }

    RoundRobinPolicy(int firstCounterValue) {
        this.next = new AtomicInteger(firstCounterValue);
    }

    @Override
    public Optional<Backend> select(List<Backend> backends, Set<Backend> alreadyTried, ClientAffinity client) {
        int n = backends.size();
        if (n == 0) {
            // Every backend was removed at run time; floorMod would divide by zero.
            return Optional.empty();
        }
        int start = Math.floorMod(next.getAndIncrement(), n);
        for (int step = 0; step < n; step++) {
            Backend candidate = backends.get((start + step) % n);
            if (Policy.eligible(candidate, alreadyTried)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
