package dev.etaglab.lb;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Chooses the backend for the next attempt of one request.
 *
 * <p>{@code backends} is the full, immutable ring in configuration order (so positions stay stable while
 * backends leave and rejoin); an implementation must skip backends that are unhealthy or already tried for
 * this request, and answers empty when none is left. {@code client} is {@link ClientAffinity#NONE} unless the
 * policy asked for the client's key ({@link PolicyName#readsClientAffinity()}); policies that spread requests
 * regardless of who sent them ignore it.
 */
@FunctionalInterface
interface Policy {
    Optional<Backend> select(List<Backend> backends, Set<Backend> alreadyTried, ClientAffinity client);

    static boolean eligible(Backend backend, Set<Backend> alreadyTried) {
        return backend.isHealthy() && !alreadyTried.contains(backend);
    }
}
