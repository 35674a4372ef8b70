package dev.etaglab.lb;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Uniform choice among the eligible backends, independent for every request. */
final class RandomPolicy implements Policy {
    @Override
    public Optional<Backend> select(List<Backend> backends, Set<Backend> alreadyTried, ClientAffinity client) {
        List<Backend> eligible = backends.stream()
                .filter(backend -> Policy.eligible(backend, alreadyTried))
                .toList();
        if (eligible.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(eligible.get(ThreadLocalRandom.current().nextInt(eligible.size())));
    }
}
