package dev.etaglab.lb;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;

/**
 * Keep-alive connections to the backends.
 *
 * <p>A released connection is only put back: no thread watches it while it is idle (Helidon's webclient cache
 * starts one per release, sitting in a 101 ms timed read to notice a close: a thread start, a poller
 * registration, a timer and a cross-thread hand-off per proxied request). One the backend closed meanwhile is
 * found out when it is next used; {@link BackendConnection#reused()} lets the caller tell that apart from a
 * failing backend and resend an idempotent request on a new connection (RFC 9112 §9.3.1). A non-idempotent
 * request asks for a connection checked with {@link BackendConnection#closedByPeer()} first.
 *
 * <p>A backend added at run time gets a pool before the proxy can choose it. A removed one loses its pool and
 * its idle connections at once; a request that chose it just before still gets a connection, used once and
 * closed.
 */
final class BackendConnections implements Backends.Listener, AutoCloseable {
    /** More than a closed-loop load of a few hundred connections keeps busy; beyond it a released connection is closed. */
    private static final int MAX_IDLE_PER_BACKEND = 256;
    /**
     * Servers close idle keep-alive connections after their own timeout, 5 s for Apache httpd and Node.js;
     * reusing one after that costs a wasted round trip and a resend, so older ones are closed instead.
     */
    static final Duration MAX_IDLE = Duration.ofSeconds(4);

    private final Duration connectTimeout;
    private final long maxIdleNanos;
    /** Keys compared by identity (Backend does not override equals), as two backends may share a URL. */
    private final Map<Backend, Pool> pools = new ConcurrentHashMap<>();

    BackendConnections(List<Backend> backends, Duration connectTimeout) {
        this(backends, connectTimeout, MAX_IDLE);
    }

    BackendConnections(List<Backend> backends, Duration connectTimeout, Duration maxIdle) {
        this.connectTimeout = connectTimeout;
        this.maxIdleNanos = maxIdle.toNanos();
        for (Backend backend : backends) {
            pools.put(backend, new Pool(backend));
        }
    }

    /** How a caller may use a pooled connection. */
    enum Reuse {
        /** Always a new connection: the resend after a kept-alive one turned out closed. */
        NEVER,
        /** The most recently released one, as is: a failure on it can be resent. */
        AS_IS,
        /** A pooled one only after checking the backend has not closed it: for requests that cannot be resent. */
        CHECKED
    }

    @Override
    public void added(Backend backend) {
        pools.put(backend, new Pool(backend));
    }

    @Override
    public void removed(Backend backend) {
        Pool pool = pools.remove(backend);
        if (pool != null) {
            pool.retired = true;
            pool.closeIdle();
        }
    }

    /** A connection to {@code backend}, pooled or new; hand it back with {@link #release} or close it. */
    BackendConnection acquire(Backend backend, Reuse reuse) throws IOException {
        Pool pool = pools.get(backend);
        if (pool == null) {
            // Removed after the policy chose it: serve this request, keep nothing.
            return BackendConnection.open(Pool.address(backend), connectTimeout);
        }
        if (reuse != Reuse.NEVER) {
            BackendConnection idle;
            long now = System.nanoTime();
            while ((idle = pool.idle.pollFirst()) != null) {
                if (now - idle.idleSince() < maxIdleNanos && idle.isOpen()
                        && (reuse == Reuse.AS_IS || !idle.closedByPeer())) {
                    return idle;
                }
                idle.close();
            }
        }
        return BackendConnection.open(pool.address(), connectTimeout);
    }

    /** Hands back a connection whose exchange completed with both messages read to their end. */
    void release(Backend backend, BackendConnection connection) {
        Pool pool = pools.get(backend);
        if (pool == null) {
            connection.close();
            return;
        }
        long now = System.nanoTime();
        // Trim the oldest here rather than on a timer, so a connection the backend timed out is not kept open.
        BackendConnection oldest = pool.idle.peekLast();
        if (oldest != null && now - oldest.idleSince() >= maxIdleNanos && pool.idle.removeLastOccurrence(oldest)) {
            oldest.close();
        }
        connection.markIdle(now);
        if (!connection.isOpen() || !pool.idle.offerFirst(connection)) {
            connection.close();
        } else if (pool.retired) {
            // The backend was removed while this exchange ran, and its pool may have been emptied already. Both
            // sides go through the deque's lock, so either that emptying takes this connection or this read sees
            // the flag.
            pool.closeIdle();
        }
    }

    /** Idle connections of {@code backend}, for tests; 0 once it was removed. */
    int idleCount(Backend backend) {
        Pool pool = pools.get(backend);
        return pool == null ? 0 : pool.idle.size();
    }

    @Override
    public void close() {
        pools.values().forEach(Pool::closeIdle);
    }

    private static final class Pool {
        private final Backend backend;
        /** Most recently released first, so a small warm set is reused and the surplus ages at the tail. */
        private final LinkedBlockingDeque<BackendConnection> idle = new LinkedBlockingDeque<>(MAX_IDLE_PER_BACKEND);
        /** Set when the backend is removed: nothing released afterwards may stay idle. */
        private volatile boolean retired;

        Pool(Backend backend) {
            this.backend = backend;
        }

        InetSocketAddress address() {
            return address(backend);
        }

        /** Resolved per connect, not once: a backend named by host name may move. */
        static InetSocketAddress address(Backend backend) {
            int port = backend.uri().getPort();
            return new InetSocketAddress(backend.uri().getHost(), port == -1 ? 80 : port);
        }

        void closeIdle() {
            BackendConnection idle;
            while ((idle = this.idle.pollFirst()) != null) {
                idle.close();
            }
        }
    }
}
