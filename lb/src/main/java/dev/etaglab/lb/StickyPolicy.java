package dev.etaglab.lb;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.dynatrace.hash4j.hashing.Hasher64;
import com.dynatrace.hash4j.hashing.Hashing;

/**
 * Keeps each client on one backend: rendezvous (highest-random-weight) hashing. Every eligible backend gets a
 * score, a hash of the client's affinity key and the backend's URL, and the highest score wins.
 *
 * <p>Why rendezvous hashing rather than a counter or {@code key mod N}: it keeps no state, and a change of
 * membership moves only the clients it has to. A backend that leaves the rotation (ejected, or already tried
 * for this request) loses exactly its own clients, each to its second-highest backend, and gets them back
 * when it returns. A backend added to N others takes the clients for which it scores highest, 1/(N+1) of
 * them on average and the same share from every old backend; no client moves between old backends. With
 * {@code key mod N}, adding a fourth backend would move three quarters of all clients.
 *
 * <p>The score depends only on the key and the URL, not on the order of {@code --backend} or on this process,
 * so two balancers over the same backends send a client to the same one. XXH3 mixes well: backends on
 * adjacent ports get unrelated scores, which a plain {@code String.hashCode} would not give. Cost: two short
 * hashes per eligible backend per request, next to a network round trip.
 */
final class StickyPolicy implements Policy {
    private static final Hasher64 XXH3 = Hashing.xxh3_64();

    @Override
    public Optional<Backend> select(List<Backend> backends, Set<Backend> alreadyTried, ClientAffinity client) {
        return highestScore(client.key(), backends, alreadyTried);
    }

    /** The eligible backend with the highest {@link #score}; on an exact tie (2⁻⁶⁴), the first in the list. */
    static Optional<Backend> highestScore(long key, List<Backend> backends, Set<Backend> alreadyTried) {
        Backend best = null;
        long bestScore = 0;
        for (Backend candidate : backends) {
            if (!Policy.eligible(candidate, alreadyTried)) {
                continue;
            }
            long score = score(key, candidate);
            if (best == null || Long.compareUnsigned(score, bestScore) > 0) {
                best = candidate;
                bestScore = score;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The weight of {@code backend} for {@code key}, compared as an unsigned number. */
    static long score(long key, Backend backend) {
        return XXH3.hashLongLongToLong(key, XXH3.hashCharsToLong(backend.uri().toString()));
    }
}
