package dev.etaglab.server.store;

import java.time.Instant;

/**
 * Identity of one stored version of the document, assigned by the origin on write.
 *
 * @param number   strictly increasing per origin, starting at 1
 * @param modified when the origin accepted the write (the writer's clock, millisecond precision);
 *                 every replica reports this same instant as Last-Modified in content-derived mode
 */
public record Version(long number, Instant modified) {
}
