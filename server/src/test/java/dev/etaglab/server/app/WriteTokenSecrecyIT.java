package dev.etaglab.server.app;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import dev.etaglab.support.testing.RawHttp;
import io.helidon.webserver.WebServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write token never leaves the replica: not in any log record at any level (Helidon's included),
 * not in any response, whatever the request does with it (right, wrong, as a prefix, in a malformed
 * request, on the admin port).
 */
class WriteTokenSecrecyIT {

    private static final String TOKEN = "s3cr3t-token-that-must-never-leak-7f2c";

    @TempDir
    Path root;

    @Test
    void tokenAppearsInNoLogRecordAndNoResponse() throws Exception {
        Logger rootLogger = Logger.getLogger("");
        Level previous = rootLogger.getLevel();
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            private final SimpleFormatter formatter = new SimpleFormatter();

            @Override
            public void publish(LogRecord record) {
                StringWriter text = new StringWriter();
                text.write(formatter.format(record));
                if (record.getThrown() != null) {
                    record.getThrown().printStackTrace(new PrintWriter(text));
                }
                logged.add(text.toString());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        rootLogger.addHandler(capture);
        rootLogger.setLevel(Level.ALL);
        List<String> answers = new ArrayList<>();
        try (Replica replica = Replica.create(ReplicaSettings.loopback(root.resolve("r"), root.resolve("o"), "sha256-cached")
                .withWriteToken(TOKEN).withAdminPort(0), Clock.systemUTC())) {
            WebServer server = replica.start();
            try {
                URI main = URI.create("http://127.0.0.1:" + server.port());
                URI admin = URI.create("http://127.0.0.1:" + server.port(Replica.ADMIN_SOCKET));
                String etag = ReplicaPool.header(ReplicaPool.get(main), "ETag");

                answers.add(put(main, "Bearer " + TOKEN, etag, "{\"a\":").toString());          // 400 invalid JSON
                answers.add(put(main, "Bearer " + TOKEN + "x", etag, "{\"a\":1}").toString());  // 401, token as prefix
                answers.add(put(main, "Basic " + TOKEN, etag, "{\"a\":1}").toString());         // 401, wrong scheme
                answers.add(put(main, "Bearer " + TOKEN, "\"stale\"", "{\"a\":1}").toString()); // 412
                answers.add(put(main, "Bearer " + TOKEN, etag, "{\"a\":1}").toString());        // 204
                answers.add(send(HttpRequest.newBuilder(admin.resolve("/cache-control"))
                        .header("Authorization", "Bearer " + TOKEN)
                        .PUT(HttpRequest.BodyPublishers.ofString("max-age=30\r\nX: 1"))));       // 400 on the admin port
                try (RawHttp raw = new RawHttp(server.port())) {
                    // A request Helidon rejects before routing, with the token in it.
                    raw.write("PUT /resource HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + TOKEN
                            + "\r\nX-Bad: a\u0000b\r\n\r\n");
                    RawHttp.Response response = raw.readResponse(false);
                    answers.add(response.status() + " " + response.headers() + " " + response.text());
                }
            } finally {
                server.stop();
            }
        } finally {
            rootLogger.removeHandler(capture);
            rootLogger.setLevel(previous);
        }

        assertThat(answers.size(), is(7));
        assertThat(answers.stream().filter(answer -> answer.contains(TOKEN)).toList(), is(empty()));
        assertThat(logged.isEmpty(), is(false));
        assertThat(logged.stream().filter(line -> line.contains(TOKEN)).toList(), is(empty()));
    }

    private static Answer put(URI base, String authorization, String ifMatch, String json) throws Exception {
        HttpResponse<String> response = ReplicaPool.CLIENT.send(HttpRequest.newBuilder(base.resolve("/resource"))
                        .timeout(Duration.ofSeconds(5))
                        .header("Authorization", authorization)
                        .header("Content-Type", "application/json")
                        .header("If-Match", ifMatch)
                        .PUT(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().map().toString(), response.body());
    }

    private static String send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = ReplicaPool.CLIENT.send(request.timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().map().toString(), response.body()).toString();
    }

    private record Answer(int status, String headers, String body) {
    }
}
