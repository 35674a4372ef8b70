package dev.etaglab.lb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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

    private StubBackend backend;
    private RunningLb lb;

    @BeforeEach
    void start() {
        backend = StubBackend.start(routing -> routing.post("/upload", (request, response) -> {
            try (InputStream body = request.content().inputStream()) {
                response.send(Integer.toString(body.readAllBytes().length));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
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
}
