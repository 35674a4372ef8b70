package dev.etaglab.server.app;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import io.helidon.webserver.WebServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator listener: Cache-Control changes at run time, on 200 and 304 alike, never via the main port. */
class AdminIT {

    @TempDir
    Path root;

    @Test
    void cacheControlChangesAtRunTimeWithoutARestart() throws Exception {
        ReplicaSettings settings = ReplicaSettings.loopback(root.resolve("r"), root.resolve("o"), "sha256-cached")
                .withWriteToken(ReplicaPool.TOKEN).withAdminPort(0);
        try (Replica replica = Replica.create(settings, Clock.systemUTC())) {
            WebServer server = replica.start();
            try {
                URI main = URI.create("http://127.0.0.1:" + server.port());
                URI admin = URI.create("http://127.0.0.1:" + server.port(Replica.ADMIN_SOCKET));
                String etag = ReplicaPool.header(ReplicaPool.get(main), "ETag");
                assertThat(ReplicaPool.header(ReplicaPool.get(main), "Cache-Control"), is("no-cache"));

                assertThat(change(admin, "max-age=30", "wrong").statusCode(), is(401));
                assertThat(change(admin, "max-age=30\r\nX-Injected: 1", ReplicaPool.TOKEN).statusCode(), is(400));
                assertThat(change(admin, "max-age=30", ReplicaPool.TOKEN).statusCode(), is(204));

                assertThat(ReplicaPool.header(ReplicaPool.get(main), "Cache-Control"), is("max-age=30"));
                HttpResponse<byte[]> notModified = ReplicaPool.get(main, "If-None-Match", etag);
                assertThat(notModified.statusCode(), is(304));
                assertThat(ReplicaPool.header(notModified, "Cache-Control"), is("max-age=30"));
                // The main port does not serve operator endpoints.
                assertThat(send(HttpRequest.newBuilder(main.resolve("/cache-control"))).statusCode(), is(404));
            } finally {
                server.stop();
            }
        }
    }

    private static HttpResponse<String> change(URI admin, String value, String token) throws Exception {
        return send(HttpRequest.newBuilder(admin.resolve("/cache-control"))
                .header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.ofString(value)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return ReplicaPool.CLIENT.send(request.timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
