package dev.etaglab.lb;

import io.helidon.webserver.http.ServerRequest;

/**
 * Which backend produced the response to one client request, so the metrics filter (which runs around the
 * proxy handler) can label what it counts. Kept in the request context; "none" when the balancer answered
 * by itself (rate limit, no healthy backend).
 */
final class ServedBy {
    static final String NONE = "none";

    private volatile String backend = NONE;

    static ServedBy attachTo(ServerRequest clientRequest) {
        ServedBy servedBy = new ServedBy();
        clientRequest.context().register(servedBy);
        return servedBy;
    }

    static void record(ServerRequest clientRequest, Backend backend) {
        clientRequest.context().get(ServedBy.class).ifPresent(servedBy -> servedBy.backend = backend.label());
    }

    String backend() {
        return backend;
    }
}
