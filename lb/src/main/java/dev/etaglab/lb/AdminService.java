package dev.etaglab.lb;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The admin listener, on its own port so that nothing here is reachable through the proxy port.
 *
 * <p>{@code curl http://127.0.0.1:9090/metrics} — Prometheus text format.<br>
 * {@code curl -i http://127.0.0.1:9090/health} — 200 while at least one backend is in rotation, else 503,
 * so a launcher can wait for "the balancer can serve" rather than "the process is up".<br>
 * {@code http://127.0.0.1:9090/dashboard} — the live {@link Dashboard} page, in a browser.
 */
final class AdminService implements HttpService {
    private final LbMetrics metrics;
    private final Backends backends;

    AdminService(LbMetrics metrics, Backends backends) {
        this.metrics = metrics;
        this.backends = backends;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/metrics", this::metrics)
                .get("/health", this::health)
                .register("/dashboard", new Dashboard());
    }

    private void metrics(ServerRequest request, ServerResponse response) throws IOException {
        response.header(HeaderNames.CONTENT_TYPE, LbMetrics.CONTENT_TYPE);
        try (OutputStream out = response.outputStream()) {
            metrics.writeTo(out);
        }
    }

    private void health(ServerRequest request, ServerResponse response) {
        List<Backend> current = backends.snapshot();
        long healthy = current.stream().filter(Backend::isHealthy).count();
        response.status(healthy > 0 ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503)
                .send((healthy > 0 ? "UP" : "DOWN") + " " + healthy + "/" + current.size() + " backends in rotation\n");
    }
}
