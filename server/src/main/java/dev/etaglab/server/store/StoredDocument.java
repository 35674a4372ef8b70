package dev.etaglab.server.store;

import java.util.Objects;

/**
 * One version of the document as the origin holds it.
 *
 * <p>The body array is shared, not copied; nobody may modify it.
 */
public record StoredDocument(Version version, byte[] body) {

    public StoredDocument {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(body, "body");
    }
}
