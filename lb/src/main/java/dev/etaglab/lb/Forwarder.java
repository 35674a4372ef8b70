package dev.etaglab.lb;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.helidon.http.ClientRequestHeaders;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Method;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * One attempt to pass a client request to one backend and its answer back, streaming bodies in both
 * directions (each hop holds one transfer buffer, never the whole body).
 *
 * <p>Failures before the backend answered surface as {@link BackendFailure}, when nothing has been written
 * to the client yet. A failure while the body is being streamed cannot be turned into a 502 any more (the
 * status line is gone); it propagates and the server aborts the client connection, which is how the client
 * learns the body is truncated.
 */
final class Forwarder {
    /**
     * Request headers the balancer replaces rather than forwards: Host is set by the backend client from the
     * backend URL (the client's value travels in {@code Forwarded: host=}); Expect is answered by the
     * balancer's own server for its own hop; forwarding headers from a client are untrusted.
     */
    private static final Set<String> REQUEST_HEADERS_REPLACED = Stream.concat(Stream.of("host", "expect"),
            ForwardingHeaders.UNTRUSTED_FROM_CLIENT.stream()).collect(Collectors.toUnmodifiableSet());
    private static final Set<String> NOTHING_REPLACED = Set.of();
    /**
     * A 304 carries no content, and Helidon's server writes its own {@code Content-Length: 0} for it (and
     * answers 500 if a handler sets any other length), so the backend's value is not copied.
     */
    private static final Set<String> NOT_MODIFIED_HEADERS_REPLACED = Set.of("content-length");

    private static final int RELAY_BUFFER_SIZE = 16 * 1024;
    private static final Runnable NOTHING = () -> { };

    private final Http1Client backendClient;
    private final BackendConnections connections;
    private final BackendTimeout timeout;

    Forwarder(Http1Client backendClient, BackendConnections connections, BackendTimeout timeout) {
        this.backendClient = backendClient;
        this.connections = connections;
        this.timeout = timeout;
    }

    /**
     * @param reuseConnection whether a kept-alive connection may carry the request; false after one turned out
     *                        closed by the backend, so the resend cannot meet the same fate
     */
    void forward(ServerRequest clientRequest, ServerResponse clientResponse, Backend backend, boolean reuseConnection)
            throws BackendFailure {
        HttpPrologue prologue = clientRequest.prologue();
        backend.exchangeStarted();
        try {
            BackendConnections.Lease lease = acquire(backend, reuseConnection);
            // Closed in reverse order: the response first (the connection goes back to the pool), then the clock.
            try (BackendTimeout.Watch watch = timeout.watch(lease.connection());
                 HttpClientResponse backendResponse = send(clientRequest, backend, lease, watch)) {
                Status status = backendResponse.status();
                clientResponse.status(status);
                HopByHop.copyEndToEnd(backendResponse.headers(), clientResponse.headers(),
                                      status.code() == Status.NOT_MODIFIED_304.code()
                                              ? NOT_MODIFIED_HEADERS_REPLACED
                                              : NOTHING_REPLACED);
                clientResponse.headers().add(HeaderNames.VIA, ForwardingHeaders.via("1.1"));
                if (hasNoContent(prologue.method(), status)) {
                    // Reading an entity here would block or throw: RFC 9110 §6.4.1 says these responses have none.
                    clientResponse.send();
                } else {
                    streamBody(backendResponse, clientResponse, watch);
                }
            }
        } finally {
            backend.exchangeFinished();
        }
    }

    private BackendConnections.Lease acquire(Backend backend, boolean reuseConnection) throws BackendFailure {
        try {
            return connections.acquire(backend, reuseConnection);
        } catch (RuntimeException e) {
            throw BackendFailure.classify(backend, e, false);
        }
    }

    private static URI backendUri(Backend backend, HttpPrologue prologue) {
        String rawQuery = prologue.query().rawValue();
        String target = prologue.uriPath().rawPath() + (rawQuery.isEmpty() ? "" : "?" + rawQuery);
        return URI.create(backend.uri() + target);
    }

    private static void requestHeaders(ServerRequest clientRequest, ClientRequestHeaders backendHeaders) {
        HopByHop.copyEndToEnd(clientRequest.headers(), backendHeaders, REQUEST_HEADERS_REPLACED);
        backendHeaders.add(HeaderNames.VIA, ForwardingHeaders.via(clientRequest.prologue().protocolVersion()));
        InetSocketAddress client = (InetSocketAddress) clientRequest.remotePeer().address();
        Optional<String> host = clientRequest.headers().first(HeaderNames.HOST);
        backendHeaders.set(ForwardingHeaders.FORWARDED,
                           ForwardingHeaders.forwarded(client.getAddress(), "http", host));
        backendHeaders.set(ForwardingHeaders.X_FORWARDED_FOR, ForwardingHeaders.xForwardedFor(client.getAddress()));
    }

    /**
     * Sends the request and reads the response head. Closing the returned response hands the connection back
     * to the pool (or closes it when the body was not read to its end); a failure here closes it at once, since
     * a half-written or half-read connection must never carry another exchange.
     */
    private HttpClientResponse send(ServerRequest clientRequest, Backend backend, BackendConnections.Lease lease,
                                    BackendTimeout.Watch watch) throws BackendFailure {
        try {
            HttpPrologue prologue = clientRequest.prologue();
            Http1ClientRequest backendRequest = backendClient.method(prologue.method())
                    .connection(lease.connection())
                    .uri(backendUri(backend, prologue))
                    // The path and query are forwarded exactly as the client encoded them.
                    .skipUriEncoding(true)
                    .headers(headers -> requestHeaders(clientRequest, headers));
            if (!clientRequest.content().hasEntity()) {
                return backendRequest.request();
            }
            return backendRequest.outputStream(backendBody -> {
                // The limit is on waiting for the backend's answer, not on how fast the client uploads.
                watch.pause();
                try (InputStream clientBody = clientRequest.content().inputStream()) {
                    relay(clientBody, backendBody, NOTHING, NOTHING);
                }
                backendBody.close();
                watch.resume();
            });
        } catch (RuntimeException e) {
            lease.connection().closeResource();
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof RequestException clientFault) {
                    // Reading the client's body failed (a chunked body over --max-body, broken framing): the
                    // client's fault, answered with the status Helidon chose (413, 400), not a 502.
                    throw clientFault;
                }
            }
            if (watch.expired()) {
                throw BackendFailure.timedOut(backend, e);
            }
            throw BackendFailure.classify(backend, e, lease.reused());
        }
    }

    private static boolean hasNoContent(Method method, Status status) {
        int code = status.code();
        return method.equals(Method.HEAD) || code < 200 || code == 204 || code == 304;
    }

    private static void streamBody(HttpClientResponse backendResponse, ServerResponse clientResponse,
                                   BackendTimeout.Watch watch) {
        try (InputStream backendBody = backendResponse.inputStream();
             OutputStream clientBody = clientResponse.outputStream()) {
            // Only waits for backend bytes count against the limit; a client slow to take them does not.
            relay(backendBody, clientBody, watch::pause, watch::resume);
        } catch (IOException e) {
            throw new UncheckedIOException("body transfer aborted", e);
        }
    }

    /**
     * Copies like {@code transferTo}, but flushes whenever the source has nothing more buffered: otherwise
     * the tail of what the backend sent so far can sit in the server's write buffer until the backend sends
     * more, and a client waiting for exactly those bytes stalls (found by PassThroughIT's streaming test).
     * {@code beforeWrite} and {@code afterWrite} bracket each write and flush.
     */
    static void relay(InputStream from, OutputStream to, Runnable beforeWrite, Runnable afterWrite) throws IOException {
        byte[] buffer = new byte[RELAY_BUFFER_SIZE];
        int read;
        while ((read = from.read(buffer)) >= 0) {
            beforeWrite.run();
            to.write(buffer, 0, read);
            if (from.available() == 0) {
                to.flush();
            }
            afterWrite.run();
        }
    }
}
