package dev.etaglab.lb;

/**
 * Which backend produced the response to one client request, so the metrics filter (which runs around the
 * proxy handler) can label what it counts; "none" when the balancer answered by itself (rate limit, no
 * healthy backend).
 *
 * <p>Held in a thread-local while the filter chain runs: the filter, the proxy handler and the response's
 * {@code whenSent} callback all run on the request's own virtual thread. Helidon's request context would also
 * do, but it is created lazily, with a formatted id, only because something asks for it: measurable CPU
 * per proxied 304 (an uncommitted profile) just to pass one string.
 */
final class ServedBy {
    static final String NONE = "none";
    private static final ThreadLocal<ServedBy> CURRENT = new ThreadLocal<>();

    private volatile String backend = NONE;

    /** Starts recording for the request handled on this thread; {@link #detach()} when its chain returns. */
    static ServedBy attach() {
        ServedBy servedBy = new ServedBy();
        CURRENT.set(servedBy);
        return servedBy;
    }

    static void detach() {
        CURRENT.remove();
    }

    static void record(Backend backend) {
        ServedBy servedBy = CURRENT.get();
        if (servedBy != null) {
            servedBy.backend = backend.label();
        }
    }

    String backend() {
        return backend;
    }

    /** The backend recorded so far for the request on this thread, {@link #NONE} when none (or not attached). */
    static String currentBackend() {
        ServedBy servedBy = CURRENT.get();
        return servedBy == null ? NONE : servedBy.backend;
    }
}
