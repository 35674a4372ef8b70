package dev.etaglab.server.http;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The {@code If-Range} request field (RFC 9110 §13.1.5): "send me the range only if my copy is still
 * this exact representation, otherwise send the whole thing".
 *
 * <pre>
 *   If-Range = entity-tag / HTTP-date
 * </pre>
 *
 * <p>Ranges from two different representations spliced together are corrupt, so only a strong
 * validator can make it true: an entity tag compares strongly (a weak tag never matches, even its
 * own representation), and a date only matches a Last-Modified the origin knows to be strong.
 */
public final class IfRange {

    private IfRange() {
    }

    /**
     * Whether the Range field may be honoured (§13.2.2 step 5).
     *
     * @param fieldLines         all lines of If-Range; empty when absent (then true: nothing to check)
     * @param current            the validators of the selected representation
     */
    public static boolean permitsRange(List<String> fieldLines, Validators current) {
        if (fieldLines == null || fieldLines.isEmpty()) {
            return true;
        }
        if (fieldLines.size() != 1) {
            return false; // not a single validator: the condition cannot be true
        }
        String value = fieldLines.getFirst().strip();
        if (value.startsWith("\"") || value.startsWith("W/")) {
            // §13.1.5: "the strong comparison function"; a malformed tag matches nothing.
            return EntityTag.parse(value).map(tag -> tag.strongMatch(current.etag())).orElse(false);
        }
        return HttpDate.parse(value).map(date -> dateMatches(date, current)).orElse(false);
    }

    /**
     * §13.1.5: the date must exactly match the Last-Modified, and that Last-Modified must be strong:
     * the origin knows nothing else was written in the same second (§8.8.2.2).
     */
    private static boolean dateMatches(Instant date, Validators current) {
        return current.lastModified() != null
                && current.lastModifiedStrong()
                && current.lastModified().equals(date.truncatedTo(ChronoUnit.SECONDS));
    }
}
