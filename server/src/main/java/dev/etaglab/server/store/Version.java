package dev.etaglab.server.store;

import java.time.Instant;

/**
 * Identity of one stored version of the document, assigned by the origin on write.
 *
 * @param number           strictly increasing per origin, starting at 1
 * @param modified         when the origin accepted the write (the writer's clock, millisecond precision);
 *                         every replica reports this same instant as Last-Modified in content-derived mode
 * @param previousModified when the version this one replaced was written, or {@code null} for the first
 *                         version (and for documents written before the origin recorded it): it is how a
 *                         replica knows whether two versions share one second of Last-Modified (§8.8.2.2)
 */
public record Version(long number, Instant modified, Instant previousModified) {

    public Version(long number, Instant modified) {
        this(number, modified, null);
    }
}
