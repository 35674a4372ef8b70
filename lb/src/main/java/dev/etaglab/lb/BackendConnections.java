package dev.etaglab.lb;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingDeque;

import io.helidon.common.tls.Tls;
import io.helidon.webclient.api.ClientConnection;
import io.helidon.webclient.api.ConnectionKey;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.api.TcpClientConnection;
import io.helidon.webclient.api.WebClient;

/**
 * Keep-alive connections to the backends, pooled by the balancer instead of by the webclient.
 *
 * <p>The webclient's own cache, on every release, starts a virtual thread that sits in a 101 ms timed read on
 * the idle socket to notice a close by the backend, and on reuse waits for that thread to hand the socket back:
 * a thread start, a poller registration, a timer and a cross-thread hand-off per proxied request (10 % of
 * lb.jar's CPU samples on the 304 path with async-profiler, timer not counted). Here a released connection is only
 * put back. One the backend closed meanwhile is found out when it is next used; {@link Lease#reused()} lets
 * the caller tell that apart from a failing backend and resend an idempotent request on a new connection
 * (RFC 9112 §9.3.1).
 */
final class BackendConnections implements AutoCloseable {
    private static final List<String> HTTP1 = List.of("http/1.1");
    private static final Tls NO_TLS = Tls.builder().enabled(false).build();
    /** More than a closed-loop load of a few hundred connections keeps busy; beyond it a released connection is closed. */
    private static final int MAX_IDLE_PER_BACKEND = 256;
    /**
     * Servers close idle keep-alive connections after their own timeout, 5 s for Apache httpd and Node.js;
     * reusing one after that costs a wasted round trip and a resend, so older ones are closed instead.
     */
    static final Duration MAX_IDLE = Duration.ofSeconds(4);

    private final WebClient connector;
    private final long maxIdleNanos;
    private final Map<Backend, Pool> pools = new IdentityHashMap<>();

    /** {@code connector} supplies the socket options (timeouts, TCP_NODELAY) new connections are opened with. */
    BackendConnections(List<Backend> backends, WebClient connector) {
        this(backends, connector, MAX_IDLE);
    }

    BackendConnections(List<Backend> backends, WebClient connector, Duration maxIdle) {
        this.connector = connector;
        this.maxIdleNanos = maxIdle.toNanos();
        for (Backend backend : backends) {
            pools.put(backend, new Pool(backend));
        }
    }

    /**
     * A connection to {@code backend}: the most recently released one when {@code reuse} allows it, else a new
     * one. Releasing the webclient response returns it here; a failed exchange must close it.
     */
    Lease acquire(Backend backend, boolean reuse) {
        Pool pool = pools.get(backend);
        if (reuse) {
            Idle idle;
            long now = System.nanoTime();
            while ((idle = pool.idle.pollFirst()) != null) {
                if (now - idle.since < maxIdleNanos && idle.connection.isConnected()) {
                    return new Lease(idle.connection, true);
                }
                idle.connection.closeResource();
            }
        }
        return new Lease(pool.open(), false);
    }

    /** Idle connections of {@code backend}, for tests. */
    int idleCount(Backend backend) {
        return pools.get(backend).idle.size();
    }

    @Override
    public void close() {
        for (Pool pool : pools.values()) {
            Idle idle;
            while ((idle = pool.idle.pollFirst()) != null) {
                idle.connection.closeResource();
            }
        }
    }

    /** A connection lent for one exchange; {@code reused} when it already carried an earlier one. */
    record Lease(ClientConnection connection, boolean reused) {
    }

    private record Idle(TcpClientConnection connection, long since) {
    }

    private final class Pool {
        private final ConnectionKey key;
        /** Most recently released first, so a small warm set is reused and the surplus ages at the tail. */
        private final LinkedBlockingDeque<Idle> idle = new LinkedBlockingDeque<>(MAX_IDLE_PER_BACKEND);

        Pool(Backend backend) {
            this.key = ConnectionKey.create("http", backend.uri().getHost(), port(backend), NO_TLS,
                                            connector.prototype().dnsResolver(),
                                            connector.prototype().dnsAddressLookup(),
                                            Proxy.noProxy());
        }

        TcpClientConnection open() {
            return TcpClientConnection.create(connector, key, HTTP1, this::release, closed -> { }).connect();
        }

        /** Called by the webclient when a response was read completely; false makes it close the connection. */
        private boolean release(TcpClientConnection connection) {
            long now = System.nanoTime();
            // Trim the oldest here rather than on a timer, so a connection the backend timed out is not kept open.
            Idle oldest = idle.peekLast();
            if (oldest != null && now - oldest.since >= maxIdleNanos && idle.removeLastOccurrence(oldest)) {
                oldest.connection.closeResource();
            }
            return connection.isConnected() && idle.offerFirst(new Idle(connection, now));
        }
    }

    private static int port(Backend backend) {
        int port = backend.uri().getPort();
        return port == -1 ? 80 : port;
    }
}
