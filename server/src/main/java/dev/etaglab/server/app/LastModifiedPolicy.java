package dev.etaglab.server.app;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * How much this replica trusts its one-second Last-Modified ({@code --last-modified}).
 *
 * <p>An HTTP-date has one-second precision (§5.6.7), so two writes within one second share a
 * Last-Modified: a client that fetched the first one and revalidates with If-Modified-Since gets a
 * 304 and keeps the stale copy for good. RFC 9110 §8.8.2.2 calls such a date weak unless the origin
 * knows there was no second change in that second. The origin records the previous version's time
 * next to each version, so a replica knows.
 */
public enum LastModifiedPolicy {

    /** Trust the date: the classic behaviour, kept to demonstrate the blind spot. */
    NAIVE,

    /**
     * The default: when the previous version was written in the same second, the date is weak — an
     * If-Modified-Since naming that second gets a 200 (and If-Unmodified-Since a 412), and an If-Range
     * date never matches it. The cost is one extra 200 per client for that second only; If-None-Match,
     * which every client we know sends when it has a tag, is unaffected.
     */
    GUARDED;

    /** Whether {@code modified} is a strong Last-Modified given the version written before it. */
    boolean strong(Instant modified, Instant previousModified) {
        if (this == NAIVE || previousModified == null) {
            return true;
        }
        return !modified.truncatedTo(ChronoUnit.SECONDS).equals(previousModified.truncatedTo(ChronoUnit.SECONDS));
    }

    public static LastModifiedPolicy parse(String value) {
        return switch (value) {
            case "naive" -> NAIVE;
            case "guarded" -> GUARDED;
            default -> throw new IllegalArgumentException("--last-modified must be 'naive' or 'guarded', not '" + value + "'");
        };
    }

    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
