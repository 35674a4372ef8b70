package dev.etaglab.lb;

import dev.etaglab.support.testing.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** {@code --backend-timeout} counts only waiting for the backend, never waiting for the client. */
class BackendTimeoutIT {
    private static final String LIMIT = "300ms";
    private static final long LONGER_THAN_LIMIT_MS = 800;
    /** Far more than the socket buffers of both legs hold, so the balancer's writes to the client must block. */
    private static final int LARGE_BODY = 16 * 1024 * 1024;

    private StubBackend backend;
    private RunningLb lb;

    @BeforeEach
    void start() {
        byte[] large = new byte[LARGE_BODY];
        Arrays.fill(large, (byte) 'x');
        backend = StubBackend.start(routing -> routing
                .post("/upload", (request, response) -> {
                    try (InputStream body = request.content().inputStream()) {
                        response.send(Integer.toString(body.readAllBytes().length));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .get("/large", (request, response) -> response.send(large)));
        lb = RunningLb.start(List.of(backend), "--backend-timeout", LIMIT, "--health-interval", "1h");
    }

    @AfterEach
    void stop() {
        lb.close();
        backend.close();
    }

    @Test
    void aClientPausingMidUploadLongerThanTheLimitIsNotABackendTimeout() throws Exception {
        try (RawHttp connection = new RawHttp(lb.port())) {
            connection.writeHead("POST /upload HTTP/1.1", "Host: lb", "Transfer-Encoding: chunked");
            connection.writeChunk(new byte[100]);
            Thread.sleep(LONGER_THAN_LIMIT_MS);
            connection.writeChunk(new byte[23]);
            connection.writeLastChunk();

            RawHttp.Response response = connection.readResponse(false);

            assertThat(response.status(), is(200));
            assertThat(new String(response.body(), StandardCharsets.UTF_8), is("123"));
        }
    }

    /** The backend has sent everything it can; the balancer waits on the client, which must not cut the body. */
    @Test
    void aClientSlowToTakeTheBodyLongerThanTheLimitStillGetsAllOfIt() throws Exception {
        try (RawHttp connection = new RawHttp(lb.port())) {
            connection.writeHead("GET /large HTTP/1.1", "Host: lb");
            Thread.sleep(LONGER_THAN_LIMIT_MS);

            RawHttp.Response response = connection.readResponse(false);

            assertThat(response.status(), is(200));
            assertThat(response.body().length, is(LARGE_BODY));
        }
    }
}
