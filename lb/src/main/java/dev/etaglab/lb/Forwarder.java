package dev.etaglab.lb;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Set;

import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
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
     * A 304 carries no content, and leaves without Content-Length (RFC 9110 §8.6: only the 200's length would
     * be allowed, which the balancer cannot check; {@code support.web} takes off the {@code Content-Length: 0}
     * Helidon adds). So the backend's value is not copied: Helidon would answer 500 to any other than 0.
     */
    private static final Set<String> NOT_MODIFIED_HEADERS_REPLACED = Set.of("content-length");
    private static final Set<String> NOTHING_REPLACED = Set.of();

    private static final int RELAY_BUFFER_SIZE = 16 * 1024;
    static final Runnable NOTHING = () -> { };

    private final BackendConnections connections;
    private final BackendTimeout timeout;

    Forwarder(BackendConnections connections, BackendTimeout timeout) {
        this.connections = connections;
        this.timeout = timeout;
    }

    /**
     * @param reuse which connection may carry the request: {@link BackendConnections.Reuse#NEVER} after a
     *              kept-alive one turned out closed by the backend, so the resend cannot meet the same fate
     */
    void forward(ServerRequest clientRequest, ServerResponse clientResponse, Backend backend,
                 BackendConnections.Reuse reuse) throws BackendFailure {
        backend.exchangeStarted();
        try {
            BackendConnection connection = acquire(backend, reuse);
            boolean reusable = false;
            try (BackendTimeout.Watch watch = timeout.watch(connection)) {
                BackendResponse backendResponse = exchange(clientRequest, backend, connection, watch);
                Status status = backendResponse.status();
                clientResponse.status(status);
                HopByHop.copyEndToEnd(backendResponse.headers(), clientResponse.headers(),
                                      status.code() == Status.NOT_MODIFIED_304.code()
                                              ? NOT_MODIFIED_HEADERS_REPLACED
                                              : NOTHING_REPLACED);
                clientResponse.headers().add(ForwardingHeaders.VIA_1_1);
                if (backendResponse.hasContent()) {
                    streamBody(backendResponse.body(connection.reader()), clientResponse, watch);
                } else {
                    // RFC 9110 §6.4.1: HEAD, 1xx, 204 and 304 responses have no content to read or send.
                    clientResponse.send();
                }
                // Both messages were read to their end: the connection is positioned at the next exchange.
                reusable = backendResponse.keepAlive() && !watch.expired();
            } finally {
                if (reusable) {
                    connections.release(backend, connection);
                } else {
                    // A half-written or half-read connection must never carry another exchange.
                    connection.close();
                }
            }
        } finally {
            backend.exchangeFinished();
        }
    }

    private BackendConnection acquire(Backend backend, BackendConnections.Reuse reuse) throws BackendFailure {
        try {
            return connections.acquire(backend, reuse);
        } catch (IOException | RuntimeException e) {
            throw BackendFailure.classify(backend, e, false);
        }
    }

    /** Sends the request (head, then the body if any) and reads the response head. */
    private static BackendResponse exchange(ServerRequest clientRequest, Backend backend, BackendConnection connection,
                                            BackendTimeout.Watch watch) throws BackendFailure {
        try {
            boolean hasBody = clientRequest.content().hasEntity();
            boolean chunked = hasBody && clientRequest.headers().contentLength().isEmpty();
            BackendRequest.writeHead(clientRequest, backend, chunked, connection.requestHead(), connection.output());
            if (hasBody) {
                // The limit is on waiting for the backend's answer, not on how fast the client uploads.
                watch.pause();
                try (InputStream clientBody = clientRequest.content().inputStream()) {
                    BackendRequest.writeBody(clientBody, chunked, connection.output());
                }
                watch.resume();
            }
            connection.flush();
        } catch (IOException | RuntimeException e) {
            RuntimeException clientFault = clientFault(e);
            if (clientFault != null) {
                // Reading the client's body failed (a chunked body over --max-body, broken framing, a body past
                // its deadline): the client's fault, answered with the status Helidon chose (413, 400) or the
                // 408 already sent, not a 502.
                throw clientFault;
            }
            throw failure(backend, connection, watch, e);
        }
        try {
            return BackendResponse.read(connection.reader(), clientRequest.prologue().method());
        } catch (RuntimeException e) {
            // A malformed head or a connection closed before the answer: the backend's fault (or a stale connection).
            throw failure(backend, connection, watch, e);
        }
    }

    private static RuntimeException clientFault(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestException || cause instanceof CloseConnectionException) {
                return (RuntimeException) cause;
            }
        }
        return null;
    }

    /** The connection is closed by {@link #forward}, as after any exchange that did not complete. */
    private static BackendFailure failure(Backend backend, BackendConnection connection, BackendTimeout.Watch watch,
                                          Exception e) {
        if (watch.expired()) {
            return BackendFailure.timedOut(backend, e);
        }
        return BackendFailure.classify(backend, e, connection.reused());
    }

    private static void streamBody(InputStream backendBody, ServerResponse clientResponse, BackendTimeout.Watch watch) {
        try (OutputStream clientBody = clientResponse.outputStream()) {
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
