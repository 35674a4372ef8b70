package dev.etaglab.server.app;

import dev.etaglab.server.etag.EtagStrategy;
import dev.etaglab.server.etag.Representation;
import dev.etaglab.server.etag.Variant;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    private static final List<Variant> STRONG_VARIANTS = List.of(Variant.IDENTITY, Variant.GZIP);

    private final Origin origin;
    private final LocalCopy localCopy;
    private final EtagStrategy strategy;
    private final Clock clock;
    private final LastModifiedPolicy lastModifiedPolicy;
    private final ScheduledExecutorService sync;
    private volatile Snapshot current;

    DocumentReplica(Origin origin, LocalCopy localCopy, EtagStrategy strategy, Clock clock,
                    byte[] seed, Duration syncInterval, LastModifiedPolicy lastModifiedPolicy) throws IOException {
        this.origin = origin;
        this.localCopy = localCopy;
        this.strategy = strategy;
        this.clock = clock;
        this.lastModifiedPolicy = lastModifiedPolicy;
        land(origin.seedIfEmpty(() -> seed, clock));
        this.sync = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform()
                .name("origin-sync").daemon(true).unstarted(r));
        long period = Math.max(1, syncInterval.toMillis());
        sync.scheduleWithFixedDelay(this::syncQuietly, period, period, TimeUnit.MILLISECONDS);
    }

    Snapshot current() {
        return current;
    }

    /** The identity representation's tag: the content tag the variants derive theirs from. */
    EntityTag etag(Snapshot snapshot) {
        return strategy.tag(snapshot.representation());
    }

    /**
     * The validators of {@code variant}; its siblings are the other strong variants of the same version,
     * which a state-changing request's If-Match may name (the PUT body is identity JSON, but a client
     * that last read the gzip variant holds the gzip tag of the very same state).
     */
    Validators validators(Snapshot snapshot, Variant variant) {
        EntityTag content = etag(snapshot);
        List<EntityTag> siblings = new ArrayList<>(2);
        for (Variant other : STRONG_VARIANTS) {
            if (other != variant) {
                siblings.add(other.tag(content));
            }
        }
        return new Validators(variant.tag(content), snapshot.lastModified(), snapshot.lastModifiedStrong(), siblings);
    }

    /** The identity variant's validators, with the gzip tag as a sibling. */
    Validators validators(Snapshot snapshot) {
        return validators(snapshot, Variant.IDENTITY);
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

    /**
     * The origin's current version, landed here first if this replica has not synced it yet: what a
     * write's preconditions are judged against before its content is read. Costs a read of the origin's
     * header line, and of the document only when it changed.
     */
    Snapshot latest() throws IOException {
        try {
            syncNow();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return current;
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
        Version version = stored.version();
        Instant lastModified = strategy.contentDerived() ? version.modified() : landed.mtime();
        // Node-local Last-Modified is the file's mtime: the previous version's landed with the same drift.
        Instant previous = version.previousModified() == null ? null
                : version.previousModified().plus(Duration.between(version.modified(), lastModified));
        Snapshot snapshot = new Snapshot(representation, lastModified,
                lastModifiedPolicy.strong(lastModified, previous),
                Encodings.gzip(landed.body()), JsonDocuments.pretty(landed.body()));
        current = snapshot;
        return snapshot;
    }

    @Override
    public void close() {
        sync.shutdownNow();
    }
}
