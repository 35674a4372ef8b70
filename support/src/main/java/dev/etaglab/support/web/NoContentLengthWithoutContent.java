package dev.etaglab.support.web;

import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.Status;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;

/**
 * Takes {@code Content-Length} off every 304 and 204 just before Helidon writes the response head.
 *
 * <p>RFC 9110 §8.6: a server MUST NOT send Content-Length in a 204, nor in a 304 unless it equals the length
 * a 200 would have had; §15.4.5 adds that a 304 has no content. Helidon 4.5 adds {@code Content-Length: 0}
 * to both itself ({@code Http1ServerResponse.status} sets it, and sending no entity sets it again), and
 * answers 500 if a handler sets any other value on them, so no handler can avoid it. Its send listener is
 * the one hook that runs after that and before the head is serialised: {@code status} then {@code headers},
 * on the connection's thread, with the response's own (mutable) headers. Leaving the field out is what
 * RFC 9110 asks and what every HTTP/1.1 recipient expects: a 304 and a 204 end at their header section
 * whatever their fields say (RFC 9112 §6.3), so the connection stays usable for the next request.
 *
 * <p>Installed on both the replica's and the balancer's listeners by {@link ListenerLimits#applyTo}.
 * Helidon counts the bytes it writes after this listener ran, so the balancer's egress figures stay exact.
 */
final class NoContentLengthWithoutContent implements Http1ConnectionListener {

    /* status() and headers() come in this order, on one thread, for one response; nothing else runs between. */
    private static final ThreadLocal<Boolean> WITHOUT_CONTENT = ThreadLocal.withInitial(() -> Boolean.FALSE);

    @Override
    public void status(ConnectionContext ctx, Status status) {
        int code = status.code();
        WITHOUT_CONTENT.set(code == Status.NOT_MODIFIED_304.code() || code == Status.NO_CONTENT_204.code());
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        if (WITHOUT_CONTENT.get() && headers instanceof WritableHeaders<?> writable) {
            WITHOUT_CONTENT.set(Boolean.FALSE);
            writable.remove(HeaderNames.CONTENT_LENGTH);
        }
    }
}
