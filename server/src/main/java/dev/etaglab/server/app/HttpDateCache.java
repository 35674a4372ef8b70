package dev.etaglab.server.app;

import dev.etaglab.server.http.HttpDate;
import java.time.Clock;
import java.time.Instant;

/**
 * HTTP-dates formatted at most once per distinct second: every response carries a Date and a
 * Last-Modified, and formatting them per request would be the most expensive thing on the 304 path.
 * One instance per field, since each memoises only its last value.
 */
final class HttpDateCache {

    private record Formatted(long second, String value) {
    }

    private final Clock clock;
    private volatile Formatted last = new Formatted(Long.MIN_VALUE, "");

    HttpDateCache(Clock clock) {
        this.clock = clock;
    }

    /** The instant now; pair it with {@link #format} so Date and comparisons agree. */
    Instant now() {
        return clock.instant();
    }

    String format(Instant now) {
        Formatted f = last;
        long second = now.getEpochSecond();
        if (f.second() != second) {
            f = new Formatted(second, HttpDate.format(now));
            last = f;
        }
        return f.value();
    }
}
