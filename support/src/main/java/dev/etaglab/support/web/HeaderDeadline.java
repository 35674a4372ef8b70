package dev.etaglab.support.web;

import dev.etaglab.support.ProblemDetails;
import io.helidon.common.buffers.BufferData;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes a connection whose header section has not fully arrived {@code timeout} after its request line,
 * with 408 Request Timeout (RFC 9110 §15.5.9: "the server did not receive a complete request message
 * within the time that it was prepared to wait"; the server SHOULD close the connection).
 *
 * <p>Helidon calls {@link #prologue} and {@link #headers} on the connection's own thread, which blocks
 * reading in between. A connection is registered at the request line and removed when its headers are
 * complete; a sweeper removes the overdue ones instead, writes the 408 and interrupts the blocked thread
 * (interrupting a virtual thread's socket read closes the socket, JEP 444). Whichever removal wins decides,
 * so a request whose headers complete at the deadline is either served or timed out, never both. The
 * request path pays one map put and one remove.
 */
final class HeaderDeadline implements Http1ConnectionListener {
    private static final byte[] TIMEOUT_BODY = StatusProblem.json(Status.REQUEST_TIMEOUT_408,
            "the header section did not arrive in time; the connection is closed");
    // IMF-fixdate (RFC 9110 §5.6.7): an origin server with a clock sends Date on every response (§6.6.1).
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private final long timeoutNanos;
    private final Map<ConnectionContext, Pending> pending = new ConcurrentHashMap<>();

    private record Pending(Thread reader, long since) {
    }

    HeaderDeadline(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        DeadlineSweeper.every(timeout, this::sweep);
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        pending.put(ctx, new Pending(Thread.currentThread(), System.nanoTime()));
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        if (pending.remove(ctx) == null) {
            // The sweeper got here first: the 408 is on the wire, the request must not be routed too.
            throw new CloseConnectionException("header section arrived after the 408");
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        pending.forEach((ctx, entry) -> {
            if (now - entry.since() > timeoutNanos && pending.remove(ctx, entry)) {
                try {
                    ctx.dataWriter().writeNow(BufferData.create(response()));
                } catch (RuntimeException ignored) {
                    // the client is gone already; closing is all that is left
                }
                entry.reader().interrupt();
            }
        });
    }

    private static byte[] response() {
        byte[] body = TIMEOUT_BODY;
        String head = "HTTP/1.1 408 Request Timeout\r\n"
                + "Date: " + IMF_FIXDATE.format(Instant.now()) + "\r\n"
                + "Content-Type: " + ProblemDetails.MEDIA_TYPE + "\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }
}
