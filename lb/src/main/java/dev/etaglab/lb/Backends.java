package dev.etaglab.lb;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The backends behind the balancer, as one immutable list that is replaced whole when a backend is added or
 * removed at run time (copy-on-write). Readers — the proxy per request, the metrics per scrape, the admin
 * listing — take {@link #snapshot()} once and use that list, so a change never shows them a half-updated ring;
 * a request that chose a backend just before it was removed finishes there.
 *
 * <p>Changes come from an operator and are rare, so they are serialised. The parts that keep state per backend
 * (health probes, connection pools) are told of a new backend before it becomes visible, and of a removed one
 * after it stopped being visible.
 */
final class Backends {
    /** A part that keeps state per backend. */
    interface Listener {
        void added(Backend backend);

        void removed(Backend backend);
    }

    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile List<Backend> snapshot;

    Backends(List<Backend> initial) {
        this.snapshot = List.copyOf(initial);
    }

    /** The current backends, in ring order (start-up order, then in the order they were added). */
    List<Backend> snapshot() {
        return snapshot;
    }

    void addListener(Listener listener) {
        listeners.add(listener);
    }

    /**
     * Adds a backend at {@code origin} ({@link Backend#joining}: in rotation after its first successful health
     * check) unless one with that origin is there already.
     *
     * @return the new backend, or empty when the origin was already present
     * @throws IllegalArgumentException when {@code origin} is not an {@code http://host:port} origin
     */
    synchronized Optional<Backend> add(URI origin) {
        URI normalized = Backend.requireOrigin(origin);
        if (snapshot.stream().anyMatch(backend -> backend.uri().equals(normalized))) {
            return Optional.empty();
        }
        Backend added = Backend.joining(normalized);
        listeners.forEach(listener -> listener.added(added));
        List<Backend> next = new ArrayList<>(snapshot);
        next.add(added);
        snapshot = List.copyOf(next);
        return Optional.of(added);
    }

    /**
     * Removes every backend at {@code origin} (several when the same {@code --backend} was given twice).
     *
     * @return the removed backends, empty when none had that origin
     * @throws IllegalArgumentException when {@code origin} is not an {@code http://host:port} origin
     */
    synchronized List<Backend> remove(URI origin) {
        URI normalized = Backend.requireOrigin(origin);
        List<Backend> removed = snapshot.stream().filter(backend -> backend.uri().equals(normalized)).toList();
        if (!removed.isEmpty()) {
            snapshot = snapshot.stream().filter(backend -> !removed.contains(backend)).toList();
            removed.forEach(backend -> listeners.forEach(listener -> listener.removed(backend)));
        }
        return removed;
    }
}
