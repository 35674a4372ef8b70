package dev.etaglab.lb;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The eligible backend with the fewest requests in flight. Ties (every backend idle, as under sequential
 * polling) are broken round-robin among the tied backends, so idle replicas share the load evenly instead
 * of the first one in the ring taking it all.
 */
final class LeastInFlightPolicy implements Policy {
    private final AtomicInteger next = new AtomicInteger();

    @Override
    public Optional<Backend> select(List<Backend> backends, Set<Backend> alreadyTried, ClientAffinity client) {
        List<Backend> eligible = backends.stream()
                .filter(backend -> Policy.eligible(backend, alreadyTried))
                .toList();
        int fewest = eligible.stream().mapToInt(Backend::inFlight).min().orElse(0);
        List<Backend> leastBusy = eligible.stream()
                .filter(backend -> backend.inFlight() == fewest)
                .toList();
        if (leastBusy.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(leastBusy.get(Math.floorMod(next.getAndIncrement(), leastBusy.size())));
    }
}
