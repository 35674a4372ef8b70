package dev.etaglab.lb;

import dev.etaglab.support.Sha256;
import dev.etaglab.support.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import io.helidon.http.HeaderNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** Conditional requests and their answers cross the balancer byte for byte, bodies streaming both ways. */
class PassThroughIT {
    private static final byte[] ITEM = "{\"id\":1,\"name\":\"widget\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] GZIPPED_ITEM = gzip(ITEM);
    private static final int CHUNK = 64 * 1024;
    private static final int LARGE = 1024 * 1024;
    /** Sent by the client and expected verbatim at the backend (commas inside a quoted tag included). */
    private static final Map<String, String> CONDITIONAL_HEADERS = Map.of(
            "If-None-Match", "\"v1\", W/\"a,b\"",
            "If-Modified-Since", "Wed, 21 Oct 2015 07:28:00 GMT",
            "If-Match", "\"v1\"",
            "If-Unmodified-Since", "Thu, 22 Oct 2015 07:28:00 GMT",
            "Range", "bytes=0-3",
            "If-Range", "\"v1\"",
            "Accept-Encoding", "gzip, br;q=0.5",
            "Authorization", "Bearer abc.def");
    private static final Map<String, String> VALIDATOR_HEADERS = Map.of(
            "ETag", "\"v1\"",
            "Vary", "Accept-Encoding",
            "Cache-Control", "no-cache, max-age=0",
            "Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");

    private final CountDownLatch responseChunkReceived = new CountDownLatch(1);
    private final CountDownLatch requestChunkReceived = new CountDownLatch(1);
    private StubBackend backend;
    private RunningLb lb;

    @BeforeEach
    void start() {
        backend = StubBackend.start(routing -> routing
                .get("/conditional", (request, response) -> {
                    CONDITIONAL_HEADERS.forEach((name, value) -> assertThat(
                            name, request.headers().first(HeaderNames.create(name)).orElse(null), is(value)));
                    response.send("checked");
                })
                .get("/item", (request, response) -> {
                    VALIDATOR_HEADERS.forEach(response::header);
                    response.header(HeaderNames.CONTENT_TYPE, "application/json");
                    response.send(ITEM);
                })
                .get("/gzip", (request, response) -> {
                    response.header(HeaderNames.CONTENT_ENCODING, "gzip");
                    response.header(HeaderNames.VARY, "Accept-Encoding");
                    response.send(GZIPPED_ITEM);
                })
                .get("/not-modified", (request, response) -> response.status(304)
                        .header(HeaderNames.ETAG, "\"v1\"")
                        .header(HeaderNames.CACHE_CONTROL, "no-cache")
                        .send())
                .get("/range", (request, response) -> response.status(206)
                        .header(HeaderNames.CONTENT_RANGE, "bytes 0-3/25")
                        .header(HeaderNames.ETAG, "\"v1\"")
                        .send(new byte[] {'{', '"', 'i', 'd'}))
                .head("/item", (request, response) -> response.header(HeaderNames.CONTENT_LENGTH, "1234")
                        .header(HeaderNames.ETAG, "\"v1\"")
                        .send())
                .get("/redirect", (request, response) -> response.status(302)
                        .header(HeaderNames.LOCATION, "/item")
                        .send())
                .put("/upload", (request, response) -> {
                    assertThat(request.headers().first(HeaderNames.CONTENT_TYPE).orElse(null), is("application/octet-stream"));
                    try (InputStream body = request.content().inputStream()) {
                        response.send(sha256(body.readAllBytes()));
                    }
                })
                .put("/stream-upload", (request, response) -> {
                    try (InputStream body = request.content().inputStream()) {
                        int first = body.readNBytes(CHUNK).length;
                        requestChunkReceived.countDown();
                        response.send(Long.toString(first + body.transferTo(OutputStream.nullOutputStream())));
                    }
                })
                .get("/stream", (request, response) -> {
                    response.header(HeaderNames.CONTENT_LENGTH, Integer.toString(LARGE));
                    try (OutputStream body = response.outputStream()) {
                        body.write(new byte[CHUNK]);
                        body.flush();
                        assertThat("client saw the first chunk while the backend was still writing",
                                   responseChunkReceived.await(5, TimeUnit.SECONDS), is(true));
                        body.write(new byte[LARGE - CHUNK]);
                    }
                }));
        lb = RunningLb.start(List.of(backend));
    }

    @AfterEach
    void stop() {
        lb.close();
        backend.close();
    }

    @Test
    void conditionalRequestHeadersReachTheBackendUnchanged() {
        HttpRequest.Builder request = TestClient.request(lb.uri("/conditional"));
        CONDITIONAL_HEADERS.forEach(request::header);

        HttpResponse<byte[]> response = TestClient.send(request);

        assertThat(new String(response.body(), StandardCharsets.UTF_8), response.statusCode(), is(200));
    }

    @Test
    void validatorsAndIdentityBodyReachTheClientUnchanged() {
        HttpResponse<byte[]> response = TestClient.get(lb.uri("/item"));

        assertThat(response.statusCode(), is(200));
        VALIDATOR_HEADERS.forEach((name, value) -> assertThat(name, response.headers().firstValue(name).orElse(null), is(value)));
        assertThat(response.headers().firstValue("Content-Length").orElse(null), is(Integer.toString(ITEM.length)));
        assertThat(response.body(), is(ITEM));
    }

    @Test
    void gzipBodyPassesThroughStillCompressed() {
        HttpResponse<byte[]> response = TestClient.send(TestClient.request(lb.uri("/gzip")).header("Accept-Encoding", "gzip"));

        assertThat(response.headers().firstValue("Content-Encoding").orElse(null), is("gzip"));
        assertThat(response.headers().firstValue("Content-Length").orElse(null), is(Integer.toString(GZIPPED_ITEM.length)));
        assertThat(response.body(), is(GZIPPED_ITEM));
    }

    @Test
    void notModifiedKeepsItsValidatorAndHasNoBody() {
        HttpResponse<byte[]> response = TestClient.send(TestClient.request(lb.uri("/not-modified"))
                                                                .header("If-None-Match", "\"v1\""));

        assertThat(response.statusCode(), is(304));
        assertThat(response.headers().firstValue("ETag").orElse(null), is("\"v1\""));
        assertThat(response.headers().firstValue("Cache-Control").orElse(null), is("no-cache"));
        assertThat(response.body().length, is(0));
    }

    @Test
    void notModifiedLeavesWithoutTheContentLengthTheBackendSent() throws IOException {
        // The stub is a plain Helidon 4.5 server: its 304 carries Content-Length: 0. RFC 9110 §8.6 allows a
        // length on a 304 only if it is the 200's, which the balancer cannot know, so it sends none, and the
        // 304 still ends at its header section: the connection answers the next request.
        try (RawHttp connection = new RawHttp(lb.port())) {
            RawHttp.Response notModified = connection.exchange("GET /not-modified HTTP/1.1", "Host: lb",
                                                                "If-None-Match: \"v1\"");
            assertThat(notModified.status(), is(304));
            assertThat(notModified.headerNames().contains("content-length"), is(false));
            assertThat(connection.exchange("GET /item HTTP/1.1", "Host: lb").body(), is(ITEM));
        }
    }

    @Test
    void partialContentKeepsContentRange() {
        HttpResponse<byte[]> response = TestClient.send(TestClient.request(lb.uri("/range")).header("Range", "bytes=0-3"));

        assertThat(response.statusCode(), is(206));
        assertThat(response.headers().firstValue("Content-Range").orElse(null), is("bytes 0-3/25"));
        assertThat(new String(response.body(), StandardCharsets.UTF_8), is("{\"id"));
    }

    @Test
    void headKeepsContentLengthWithoutBody() {
        HttpResponse<byte[]> response = TestClient.send(TestClient.request(lb.uri("/item"))
                                                                .method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode(), is(200));
        assertThat(response.headers().firstValue("Content-Length").orElse(null), is("1234"));
        assertThat(response.body().length, is(0));
    }

    @Test
    void redirectsGoBackToTheClient() {
        HttpResponse<byte[]> response = TestClient.get(lb.uri("/redirect"));

        assertThat(response.statusCode(), is(302));
        assertThat(response.headers().firstValue("Location").orElse(null), is("/item"));
        assertThat(backend.requests(), is(1));
    }

    @Test
    void requestBodyReachesTheBackendByteForByte() {
        byte[] body = new byte[LARGE];
        new Random(42).nextBytes(body);

        HttpResponse<byte[]> response = TestClient.send(TestClient.request(lb.uri("/upload"))
                                                                .header("Content-Type", "application/octet-stream")
                                                                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));

        assertThat(response.statusCode(), is(200));
        assertThat(new String(response.body(), StandardCharsets.UTF_8), is(sha256(body)));
    }

    @Test
    void responseBodyStreamsInsteadOfBeingBufferedWhole() throws Exception {
        HttpResponse<InputStream> response = TestClient.send(TestClient.request(lb.uri("/stream")),
                                                             HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            byte[] firstChunk = CompletableFuture.supplyAsync(() -> readNBytes(body, CHUNK)).get(5, TimeUnit.SECONDS);
            responseChunkReceived.countDown();

            assertThat(firstChunk.length, is(CHUNK));
            assertThat(firstChunk.length + body.transferTo(OutputStream.nullOutputStream()), is((long) LARGE));
        }
    }

    @Test
    void requestBodyStreamsInsteadOfBeingBufferedWhole() throws Exception {
        // A raw connection paces the chunks; the JDK client's input-stream publisher does its own buffering.
        try (RawHttp connection = new RawHttp(lb.port())) {
            connection.writeHead("PUT /stream-upload HTTP/1.1", "Host: lb", "Transfer-Encoding: chunked");
            connection.writeChunk(new byte[CHUNK]);

            assertThat("backend saw the first chunk before the client sent the rest",
                       requestChunkReceived.await(5, TimeUnit.SECONDS), is(true));
            connection.writeChunk(new byte[LARGE - CHUNK]);
            connection.writeLastChunk();
            RawHttp.Response response = connection.readResponse(false);

            assertThat(new String(response.body(), StandardCharsets.UTF_8), is(Integer.toString(LARGE)));
        }
    }

    private static byte[] readNBytes(InputStream in, int n) {
        try {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String sha256(byte[] bytes) {
        return Sha256.hex(bytes);
    }
}
