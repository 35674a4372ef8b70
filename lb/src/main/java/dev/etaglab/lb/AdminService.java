package dev.etaglab.lb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
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
 *
 * <p>Membership, for scale-out and scale-in while clients are being served (see {@link Backends}):<br>
 * {@code curl http://127.0.0.1:9090/backends} — the backends in ring order, as JSON:
 * {@code [{"url":"http://127.0.0.1:8081","inRotation":true,"inFlight":0}]}.<br>
 * {@code curl -i --data-binary http://127.0.0.1:8084 http://127.0.0.1:9090/backends} — adds a backend: 201, or
 * 200 when that origin is already there; it joins the rotation after its first successful health check, run at
 * once. The body is the origin alone; its media type is not checked, so that plain {@code curl --data} works.<br>
 * {@code curl -i -X DELETE 'http://127.0.0.1:9090/backends?url=http://127.0.0.1:8084'} — removes every backend
 * with that origin: 200, or 404 when there is none. Requests already sent to it finish there.<br>
 * Both answer with the new listing; a malformed URL gets a 400 problem.
 *
 * <p>Anyone who can reach this port can now redirect the balancer's traffic: keep {@code --host} on loopback or
 * a trusted network.
 */
final class AdminService implements HttpService {
    private static final JsonFactory JSON = new JsonFactory();
    /** Far more than any {@code http://host:port}; a longer body is not a backend URL. */
    private static final int MAX_URL_BYTES = 2048;
    private static final String URL_EXAMPLE = "http://127.0.0.1:8084";

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
                .get("/backends", this::listBackends)
                .post("/backends", this::addBackend)
                .delete("/backends", this::removeBackend)
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

    private void listBackends(ServerRequest request, ServerResponse response) {
        sendListing(response, Status.OK_200);
    }

    private void addBackend(ServerRequest request, ServerResponse response) throws IOException {
        byte[] body;
        try (InputStream in = request.content().inputStream()) {
            body = in.readNBytes(MAX_URL_BYTES + 1);
        }
        if (body.length > MAX_URL_BYTES) {
            Problems.send(response, Status.BAD_REQUEST_400,
                          "the body must be one backend URL such as " + URL_EXAMPLE + ", at most " + MAX_URL_BYTES + " bytes");
            return;
        }
        Optional<URI> origin = origin(new String(body, StandardCharsets.UTF_8).strip(), response);
        if (origin.isEmpty()) {
            return;
        }
        boolean added = backends.add(origin.get()).isPresent();
        response.header(HeaderNames.LOCATION,
                        "/backends?url=" + URLEncoder.encode(origin.get().toString(), StandardCharsets.UTF_8));
        sendListing(response, added ? Status.CREATED_201 : Status.OK_200);
    }

    private void removeBackend(ServerRequest request, ServerResponse response) {
        Optional<String> url = request.query().first("url").asOptional();
        if (url.isEmpty()) {
            Problems.send(response, Status.BAD_REQUEST_400, "name the backend to remove: DELETE /backends?url=" + URL_EXAMPLE);
            return;
        }
        Optional<URI> origin = origin(url.get().strip(), response);
        if (origin.isEmpty()) {
            return;
        }
        if (backends.remove(origin.get()).isEmpty()) {
            Problems.send(response, Status.NOT_FOUND_404, "no backend " + origin.get());
            return;
        }
        sendListing(response, Status.OK_200);
    }

    /** The origin {@code url} names, or empty after answering 400: not a URI, not http, or with a path or query. */
    private static Optional<URI> origin(String url, ServerResponse response) {
        try {
            return Optional.of(Backend.requireOrigin(new URI(url)));
        } catch (URISyntaxException e) {
            Problems.send(response, Status.BAD_REQUEST_400, "not a URL: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            Problems.send(response, Status.BAD_REQUEST_400, e.getMessage());
        }
        return Optional.empty();
    }

    private void sendListing(ServerResponse response, Status status) {
        var out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartArray();
            for (Backend backend : backends.snapshot()) {
                json.writeStartObject();
                json.writeStringField("url", backend.uri().toString());
                json.writeBooleanField("inRotation", backend.isHealthy());
                json.writeNumberField("inFlight", backend.inFlight());
                json.writeEndObject();
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        response.send(out.toByteArray());
    }
}
