package dev.etaglab.server.store;

import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The source of truth shared by all replicas: every write goes here, every replica syncs from here.
 *
 * <p>Writes are compare-and-set: the caller's precondition is evaluated against the current version
 * while the origin is locked against every other writer, in this process and in any other.
 */
public interface Origin {

    /** The current document, or empty when the origin was never seeded. */
    Optional<StoredDocument> read() throws IOException;

    /** Only the current version's identity: cheap enough to poll. */
    Optional<Version> currentVersion() throws IOException;

    /** Stores {@code seed} as version 1 unless a document already exists; returns the current document. */
    StoredDocument seedIfEmpty(Supplier<byte[]> seed, Clock clock) throws IOException;

    /**
     * Atomically: if {@code precondition} accepts the current document, store {@code body} as the next
     * version. Returns the new document once it is durable, or empty when the precondition refused.
     */
    Optional<StoredDocument> writeIf(Predicate<StoredDocument> precondition, byte[] body, Clock clock)
            throws IOException;
}
