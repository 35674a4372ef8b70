package dev.etaglab.server.app;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code GET /health}: liveness for the load balancer, plus which version and tag this replica serves,
 * so a human (or the wire check) can see replicas disagree.
 *
 * <pre>
 *   curl -s http://127.0.0.1:8080/health
 *   {"status":"UP","node":"replica-1","etagStrategy":"sha256-cached","version":1,"etag":"\"…\""}
 * </pre>
 */
final class HealthService implements HttpService {

    static final String PATH = "/health";
    private static final JsonFactory JSON = new JsonFactory();

    private final DocumentReplica replica;
    private final String node;
    private final String strategy;

    HealthService(DocumentReplica replica, String node, String strategy) {
        this.replica = replica;
        this.node = node;
        this.strategy = strategy;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(PATH, this::health);
    }

    private void health(ServerRequest req, ServerResponse res) {
        Snapshot snapshot = replica.current();
        var out = new ByteArrayOutputStream(160);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("status", "UP");
            json.writeStringField("node", node);
            json.writeStringField("etagStrategy", strategy);
            json.writeNumberField("version", snapshot.representation().version().number());
            json.writeStringField("etag", replica.etag(snapshot).toString());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(out.toByteArray());
    }
}
