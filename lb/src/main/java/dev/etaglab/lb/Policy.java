package dev.etaglab.lb;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses the backend for the next attempt of one request.
 *
 * <p>{@code backends} is the full, immutable ring in configuration order (so positions stay stable while
 * backends leave and rejoin); an implementation must skip backends that are unhealthy or already tried for
 * this request, and answers empty when none is left.
 */
@FunctionalInterface
interface Policy {
    Optional<Backend> select(List<Backend> backends, Set<Backend> alreadyTried);

    static boolean eligible(Backend backend, Set<Backend> alreadyTried) {
        return backend.isHealthy() && !alreadyTried.contains(backend);
    }
}
