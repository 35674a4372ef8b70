package dev.etaglab.server.app;

import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Several replicas in this JVM on ephemeral loopback ports, sharing one origin directory, each with
 * its own data directory; closes them all.
 */
final class ReplicaPool implements AutoCloseable {

    static final String TOKEN = "pool-token";
    static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final Path root;
    private final List<Replica> replicas = new ArrayList<>();
    private final List<WebServer> servers = new ArrayList<>();

    ReplicaPool(Path root) {
        this.root = root;
    }

    /** Starts replica number {@code replicas.size()}; {@code customise} adjusts its settings. */
    URI start(String etag, UnaryOperator<ReplicaSettings> customise) throws IOException {
        int n = replicas.size();
        ReplicaSettings settings = customise.apply(ReplicaSettings.loopback(root.resolve("replica-" + n),
                root.resolve("origin"), etag).withWriteToken(TOKEN));
        Replica replica = Replica.create(settings, Clock.systemUTC());
        replicas.add(replica);
        WebServer server = replica.start();
        servers.add(server);
        return URI.create("http://127.0.0.1:" + server.port());
    }

    static HttpResponse<byte[]> get(URI base, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/resource")).timeout(Duration.ofSeconds(5));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return CLIENT.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<String> put(URI base, String ifMatch, String json) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(base.resolve("/resource"))
                        .timeout(Duration.ofSeconds(15))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/json")
                        .header("If-Match", ifMatch)
                        .PUT(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElseThrow(() -> new AssertionError("missing " + name));
    }

    @Override
    public void close() {
        servers.forEach(WebServer::stop);
        replicas.forEach(Replica::close);
    }
}
