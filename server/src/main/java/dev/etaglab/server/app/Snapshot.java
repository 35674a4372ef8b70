package dev.etaglab.server.app;

import dev.etaglab.server.etag.Representation;
import dev.etaglab.server.etag.Variant;
import java.time.Instant;

/**
 * What this replica serves right now: a landed version, its variants and its Last-Modified.
 *
 * <p>The gzip and pretty bytes are made once, when the version lands, never per request.
 *
 * @param representation     the landed bytes, local file and origin version
 * @param lastModified       the origin's version time in content-derived mode, the local file's mtime
 *                           in node-local mode (that is the node-local bug, reproduced)
 * @param lastModifiedStrong false when the origin recorded another version within the same second
 *                           (and the replica guards against it, see {@link LastModifiedPolicy})
 * @param gzip               the gzip variant's bytes
 * @param pretty             the pretty-printed variant's bytes
 */
record Snapshot(Representation representation, Instant lastModified, boolean lastModifiedStrong,
                byte[] gzip, byte[] pretty) {

    /** The bytes sent for {@code variant}. Shared: do not modify. */
    byte[] body(Variant variant) {
        return switch (variant) {
            case IDENTITY -> representation.body();
            case GZIP -> gzip;
            case PRETTY -> pretty;
        };
    }
}
