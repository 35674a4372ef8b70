package dev.etaglab.server.http;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The validators of the selected representation (RFC 9110 §8.8), as the preconditions see them.
 *
 * @param etag               the selected representation's entity tag, or {@code null} when there is none
 * @param lastModified       the modification time, truncated to the second (HTTP-date precision, §5.6.7),
 *                           or {@code null} when there is none
 * @param lastModifiedStrong whether the origin knows no second change happened within that second
 *                           (§8.8.2.2); a weak one never answers 304/If-Range by itself for that second
 * @param siblings           the tags of the other representations of the same resource state (e.g. the
 *                           identity variant when gzip is selected): a state-changing request's
 *                           If-Match/If-None-Match is about the resource state, so any of them counts there
 */
public record Validators(EntityTag etag, Instant lastModified, boolean lastModifiedStrong, List<EntityTag> siblings) {

    public Validators {
        if (lastModified != null) {
            lastModified = lastModified.truncatedTo(ChronoUnit.SECONDS);
        }
        siblings = List.copyOf(siblings);
    }

    /** One representation, a strong Last-Modified (the pre-variant shape). */
    public Validators(EntityTag etag, Instant lastModified) {
        this(etag, lastModified, true, List.of());
    }
}
