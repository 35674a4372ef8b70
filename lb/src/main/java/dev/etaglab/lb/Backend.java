package dev.etaglab.lb;

import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One replica behind the balancer: where it lives, whether it is in rotation, and how many requests it is
 * serving right now. Identity equality on purpose: two backends with the same URL are still two entries.
 */
final class Backend {
    private final URI uri;
    private final String label;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean healthy;

    /**
     * A backend named at start-up. Optimistic: it is in rotation until a connect failure or a failed health check
     * says otherwise, so the balancer serves from its first request (launchers wait for the replicas first).
     */
    Backend(URI uri) {
        this(uri, true);
    }

    private Backend(URI uri, boolean inRotation) {
        this.uri = requireOrigin(uri);
        this.label = uri.getHost() + ":" + port(uri);
        this.healthy = new AtomicBoolean(inRotation);
    }

    /**
     * A backend added at run time: out of rotation until its first successful health check, which runs at once.
     * Unlike at start-up, clients are already being served, and a replica that is still starting (or a mistyped
     * URL) would cost each request sent there a refused connection and an ejection; under the sticky policy its
     * clients would move there and straight back. The wait is one probe when the replica is up, as it is when
     * an experiment adds it.
     */
    static Backend joining(URI uri) {
        return new Backend(uri, false);
    }

    /**
     * Accepts {@code http://host[:port]} only: the balancer forwards the client's path and query unchanged, so a
     * backend URL with its own path, query or credentials would silently rewrite every request.
     */
    static URI requireOrigin(URI uri) {
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("backend must be an http://host:port URL, got '" + uri + "'");
        }
        boolean hasPath = uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/");
        if (hasPath || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("backend URL must not have a path, query, fragment or user info, got '"
                                                       + uri + "'");
        }
        return URI.create("http://" + uri.getRawAuthority());
    }

    private static int port(URI uri) {
        return uri.getPort() == -1 ? 80 : uri.getPort();
    }

    /** The origin, {@code http://host:port}, without a trailing slash. */
    URI uri() {
        return uri;
    }

    /** {@code host:port}, the value of the {@code backend} label in metrics. */
    String label() {
        return label;
    }

    boolean isHealthy() {
        return healthy.get();
    }

    /** @return true when this call took the backend out of rotation (so an ejection is counted once) */
    boolean markDown() {
        return healthy.compareAndSet(true, false);
    }

    /** @return true when this call put the backend back into rotation */
    boolean markUp() {
        return healthy.compareAndSet(false, true);
    }

    int inFlight() {
        return inFlight.get();
    }

    void exchangeStarted() {
        inFlight.incrementAndGet();
    }

    void exchangeFinished() {
        inFlight.decrementAndGet();
    }

    @Override
    public String toString() {
        return label;
    }
}
