package dev.etaglab.server.etag;

import dev.etaglab.server.store.Version;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What a strategy may look at: the identity bytes of the document, the replica's local copy of it,
 * and the origin's version metadata. Never an HTTP request.
 *
 * <p>The body array is shared, not copied (the 200 path sends it as is); nobody may modify it.
 */
public final class Representation {

    private final byte[] body;
    private final Path localFile;
    private final Version version;

    public Representation(byte[] body, Path localFile, Version version) {
        this.body = Objects.requireNonNull(body, "body");
        this.localFile = Objects.requireNonNull(localFile, "localFile");
        this.version = Objects.requireNonNull(version, "version");
    }

    /** The identity representation data. Shared: do not modify. */
    public byte[] body() {
        return body;
    }

    /** This replica's own copy of the document (its inode and mtime are node-local). */
    public Path localFile() {
        return localFile;
    }

    public Version version() {
        return version;
    }
}
