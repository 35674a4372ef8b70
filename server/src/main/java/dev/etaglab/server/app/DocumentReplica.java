package dev.etaglab.server.app;

import dev.etaglab.server.etag.EtagStrategy;
import dev.etaglab.server.etag.Representation;
import dev.etaglab.server.http.EntityTag;
import dev.etaglab.server.http.Validators;
import dev.etaglab.server.store.LocalCopy;
import dev.etaglab.server.store.Origin;
import dev.etaglab.server.store.StoredDocument;
import dev.etaglab.server.store.Version;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * This replica's view of the document: the snapshot it serves, kept in step with the origin.
 *
 * <p>Propagation: a version written through this replica is served from the very next request; a
 * version written through another replica is picked up by polling the origin every
 * {@code syncInterval} (so within that interval plus one landing).
 */
final class DocumentReplica implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DocumentReplica.class.getName());

    private final Origin origin;
    private final LocalCopy localCopy;
    private final EtagStrategy strategy;
    private final Clock clock;
    private final ScheduledExecutorService sync;
    private volatile Snapshot current;

    DocumentReplica(Origin origin, LocalCopy localCopy, EtagStrategy strategy, Clock clock,
                    byte[] seed, Duration syncInterval) throws IOException {
        this.origin = origin;
        this.localCopy = localCopy;
        this.strategy = strategy;
        this.clock = clock;
        land(origin.seedIfEmpty(() -> seed, clock));
        this.sync = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform()
                .name("origin-sync").daemon(true).unstarted(r));
        long period = Math.max(1, syncInterval.toMillis());
        sync.scheduleWithFixedDelay(this::syncQuietly, period, period, TimeUnit.MILLISECONDS);
    }

    Snapshot current() {
        return current;
    }

    EntityTag etag(Snapshot snapshot) {
        return strategy.tag(snapshot.representation());
    }

    Validators validators(Snapshot snapshot) {
        return new Validators(etag(snapshot), snapshot.lastModified());
    }

    /**
     * Replaces the document if {@code precondition} accepts this replica's validators of the origin's
     * current version, evaluated while the origin is locked (compare-and-set across replicas).
     *
     * @return the new snapshot, or empty when the precondition failed and nothing changed
     */
    Optional<Snapshot> replace(byte[] body, Predicate<Validators> precondition) throws IOException {
        Optional<StoredDocument> written;
        try {
            written = origin.writeIf(stored -> {
                // Judge the client's validators against the origin's truth, not a lagging local copy.
                Snapshot seen = landIfNewer(stored);
                return precondition.test(validators(seen));
            }, body, clock);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (written.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(landIfNewer(written.get()));
    }

    /** Polls the origin once; public for tests that cannot wait for the timer. */
    void syncNow() throws IOException {
        Optional<Version> version = origin.currentVersion();
        if (version.isPresent() && version.get().number() > current.representation().version().number()) {
            origin.read().ifPresent(this::landIfNewer);
        }
    }

    private void syncQuietly() {
        try {
            syncNow();
        } catch (IOException | RuntimeException e) {
            // Keep serving the version we have; the origin may be briefly unavailable.
            LOG.log(Level.WARNING, "origin sync failed, still serving version "
                    + current.representation().version().number() + ": " + e);
        }
    }

    private synchronized Snapshot landIfNewer(StoredDocument stored) {
        Snapshot now = current;
        if (now != null && now.representation().version().number() >= stored.version().number()) {
            return now;
        }
        try {
            return land(stored);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized Snapshot land(StoredDocument stored) throws IOException {
        LocalCopy.Landed landed = localCopy.land(stored);
        Representation representation = new Representation(landed.body(), landed.file(), stored.version());
        strategy.onLoad(representation);
        Snapshot snapshot = new Snapshot(representation,
                strategy.contentDerived() ? stored.version().modified() : landed.mtime());
        current = snapshot;
        return snapshot;
    }

    @Override
    public void close() {
        sync.shutdownNow();
    }
}
