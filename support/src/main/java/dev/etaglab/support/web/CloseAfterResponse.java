package dev.etaglab.support.web;

import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.List;

/**
 * Closes the connection once the response to a request carrying {@code Connection: close} has been sent.
 *
 * <p>RFC 9112 §9.6: a server that receives a "close" connection option MUST initiate closure of the
 * connection after it sends the final response to that request, and one that sends "close" MUST close
 * after that response. Helidon 4.5 only echoes {@code Connection: close}: its connection loop goes back to
 * reading the next request line, so the client waits for the idle timeout (30 s and more) to see the end
 * of a connection it already gave up. Once the handler has returned the response has been written (a
 * streamed one is committed before the filters unwind), and {@link CloseConnectionException}, which
 * Helidon's error handling passes up untouched, ends the connection loop and closes the socket.
 *
 * <p>Installed first among the filters of {@link ListenerLimits#addFiltersTo}, so it sees every answer
 * given behind it, the 431 of {@link HeaderSectionLimit} included.
 */
final class CloseAfterResponse implements Filter {

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        chain.proceed();
        if (res.isSent() && (namesClose(req.headers()) || namesClose(res.headers()))) {
            throw new CloseConnectionException("Connection: close (RFC 9112 §9.6), response sent");
        }
    }

    /* Connection is a comma-separated list of case-insensitive options, possibly on several lines (§7.6.1). */
    private static boolean namesClose(Headers headers) {
        if (!headers.contains(HeaderNames.CONNECTION)) {
            return false;
        }
        for (String value : headers.all(HeaderNames.CONNECTION, List::of)) {
            for (String option : value.split(",")) {
                if (option.strip().equalsIgnoreCase("close")) {
                    return true;
                }
            }
        }
        return false;
    }
}
