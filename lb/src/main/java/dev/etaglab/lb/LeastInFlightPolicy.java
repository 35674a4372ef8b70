package dev.etaglab.lb;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The eligible backend with the fewest requests in flight. The scan starts one step further round the ring
 * for each request, so ties (every backend idle, as under sequential polling) are broken round-robin instead
 * of always landing on the first backend.
 */
final class LeastInFlightPolicy implements Policy {
    private final AtomicInteger next = new AtomicInteger();

    @Override
    public Optional<Backend> select(List<Backend> backends, Set<Backend> alreadyTried) {
        int n = backends.size();
        int start = Math.floorMod(next.getAndIncrement(), n);
        Backend best = null;
        for (int step = 0; step < n; step++) {
            Backend candidate = backends.get((start + step) % n);
            if (Policy.eligible(candidate, alreadyTried) && (best == null || candidate.inFlight() < best.inFlight())) {
                best = candidate;
            }
        }
        return Optional.ofNullable(best);
    }
}
