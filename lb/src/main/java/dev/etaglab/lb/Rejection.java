package dev.etaglab.lb;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/**
 * A request refused by a client limit, and how the 429 says so: {@code Retry-After} (RFC 9110 §10.2.3) plus
 * the {@code RateLimit-Limit}/{@code -Remaining}/{@code -Reset} fields of the IETF httpapi rate-limit-headers
 * draft, all in delta-seconds.
 *
 * @param limit              which limit refused: {@code requests} or {@code egress-bytes} (also the metrics label)
 * @param capacity           the bucket size, in requests or bytes
 * @param remaining          tokens left now, never negative
 * @param retryAfterSeconds  when one more request would be admitted
 * @param resetSeconds       when the bucket will be full again
 */
record Rejection(String limit, long capacity, long remaining, long retryAfterSeconds, long resetSeconds) {
    static long ceilSeconds(long nanos) {
        return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    void send(ServerResponse clientResponse) {
        clientResponse.header(HeaderNames.RETRY_AFTER, Long.toString(retryAfterSeconds));
        clientResponse.header("RateLimit-Limit", Long.toString(capacity));
        clientResponse.header("RateLimit-Remaining", Long.toString(remaining));
        clientResponse.header("RateLimit-Reset", Long.toString(resetSeconds));
        Problems.send(clientResponse, Status.TOO_MANY_REQUESTS_429,
                      "client " + limit + " limit of " + capacity + " exhausted; retry after " + retryAfterSeconds + " s");
    }
}
