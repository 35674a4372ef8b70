package dev.etaglab.server.app;

import dev.etaglab.server.etag.Representation;
import java.time.Instant;

/**
 * What this replica serves right now: a landed version and its Last-Modified.
 *
 * @param representation the landed bytes, local file and origin version
 * @param lastModified   the origin's version time in content-derived mode, the local file's mtime
 *                       in node-local mode (that is the node-local bug, reproduced)
 */
record Snapshot(Representation representation, Instant lastModified) {
}
