package dev.etaglab.server.http;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The validators of the selected representation (RFC 9110 §8.8), as the preconditions see them.
 *
 * @param etag         the current entity tag, or {@code null} when there is none
 * @param lastModified the modification time, truncated to the second (HTTP-date precision, §5.6.7),
 *                     or {@code null} when there is none
 */
public record Validators(EntityTag etag, Instant lastModified) {

    public Validators {
        if (lastModified != null) {
            lastModified = lastModified.truncatedTo(ChronoUnit.SECONDS);
        }
    }
}
