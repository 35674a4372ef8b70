package dev.etaglab.support.web;

import io.helidon.http.Header;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * 431 Request Header Fields Too Large (RFC 6585 §5) for a header section over the limit, before any
 * handler sees it. Helidon itself only answers 400 when its own (larger) read limit is exceeded, and gives
 * its error handler no way to tell that case from a malformed field, so the precise answer is given here.
 */
final class HeaderSectionLimit implements Filter {

    private static final Status TOO_LARGE = Status.create(431, "Request Header Fields Too Large");
    private final int maxBytes;

    HeaderSectionLimit(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long size = 0;
        for (Header header : req.headers()) {
            // One field line per value as the client sent it: name ": " value CRLF (RFC 9112 §5).
            for (String value : header.allValues()) {
                size += header.name().length() + value.length() + 4;
            }
        }
        if (size <= maxBytes) {
            chain.proceed();
            return;
        }
        StatusProblem.send(res, TOO_LARGE, "the header section is " + size + " bytes; the limit is " + maxBytes);
    }
}
