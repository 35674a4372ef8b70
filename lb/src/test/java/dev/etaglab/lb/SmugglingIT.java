package dev.etaglab.lb;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import dev.etaglab.support.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Request smuggling through the balancer is impossible: a request hidden in another request's body never
 * reaches a backend as a request of its own. The stub backend records every request it receives; the
 * smuggled path fails the test from inside the stub if it ever arrives.
 */
class SmugglingIT {
    private static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: t\r\n\r\n";
    private final List<String> received = new CopyOnWriteArrayList<>();
    private StubBackend backend;
    private RunningLb lb;

    @BeforeEach
    void start() {
        backend = StubBackend.start(routing -> routing
                .post("/upload", (request, response) -> {
                    received.add("POST /upload " + new String(request.content().as(byte[].class), StandardCharsets.ISO_8859_1));
                    response.send("stored");
                })
                .any("/smuggled", (request, response) -> {
                    received.add("/smuggled");
                    throw new AssertionError("a smuggled request reached the backend");
                }));
        lb = RunningLb.start(List.of(backend));
    }

    @AfterEach
    void stop() throws Exception {
        lb.close();
        backend.close();
    }

    /** RFC 9112 §6.1: both framings → the balancer rejects with 400 and closes; the backend sees nothing. */
    @Test
    void contentLengthWithTransferEncodingIsRejectedAndNothingReachesTheBackend() throws Exception {
        RawHttp.Response response;
        RawHttp.After after;
        try (RawHttp connection = new RawHttp(lb.port())) {
            connection.write("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "0\r\n\r\n" + SMUGGLED);
            response = connection.readResponse(false);
            after = connection.after(Duration.ofSeconds(2));
        }
        Thread.sleep(200);
        record("Content-Length and Transfer-Encoding, a GET smuggled behind", "RFC 9112 §6.1",
                "400, close, 0 backend requests", response.status() + ", " + after.name().toLowerCase() + ", "
                        + backend.requests() + " backend requests");

        assertThat(response.status(), is(400));
        assertThat(response.header("Content-Type").orElse(""), is("application/problem+json"));
        assertThat(after, is(RawHttp.After.CLOSED));
        assertThat(received, is(List.of()));
        assertThat(backend.requests(), is(0));
    }

    /**
     * A chunked body that spells out a request reaches the backend as the body of one request: the balancer
     * decodes the client's framing and re-frames it on its own connection (RFC 9112 §7.1), so the two hops
     * can never disagree on where a request ends.
     */
    @Test
    void requestInsideAChunkedBodyArrivesAsBodyBytesOfOneRequest() throws Exception {
        String body = "0\r\n\r\n" + SMUGGLED;
        RawHttp.Response response;
        try (RawHttp connection = new RawHttp(lb.port())) {
            connection.write("POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n");
            response = connection.readResponse(false);
        }
        Thread.sleep(200);
        record("chunked body spelling out a second request", "RFC 9112 §7.1",
                "200, 1 backend request", response.status() + ", " + backend.requests() + " backend requests");

        assertThat(response.status(), is(200));
        assertThat(received, contains("POST /upload " + body));
        assertThat(backend.requests(), is(1));
    }

    /** The same with Content-Length framing: the declared bytes are one body, whatever they look like. */
    @Test
    void requestInsideAContentLengthBodyArrivesAsBodyBytesOfOneRequest() throws Exception {
        RawHttp.Response response;
        try (RawHttp connection = new RawHttp(lb.port())) {
            connection.write("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: " + SMUGGLED.length() + "\r\n\r\n"
                    + SMUGGLED);
            response = connection.readResponse(false);
        }
        Thread.sleep(200);
        record("Content-Length body spelling out a second request", "RFC 9112 §6.2",
                "200, 1 backend request", response.status() + ", " + backend.requests() + " backend requests");

        assertThat(response.status(), is(200));
        assertThat(received, contains("POST /upload " + SMUGGLED));
        assertThat(backend.requests(), is(1));
    }

    private static void record(String name, String rule, String expected, String actual) throws Exception {
        Path out = Path.of(System.getProperty("etaglab.reliability.dir", "target/reliability"));
        Files.createDirectories(out);
        Path file = out.resolve("lb-smuggling.tsv");
        List<String> rows = new ArrayList<>(Files.exists(file) ? Files.readAllLines(file) : List.of(
                "case\trule\texpected\tactual"));
        rows.removeIf(row -> row.startsWith(name + "\t"));
        rows.add(String.join("\t", name, rule, expected, actual));
        Files.write(file, rows, StandardCharsets.UTF_8);
    }
}
