package dev.etaglab.lb;

import dev.etaglab.support.testing.RawHttp;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.helidon.http.HeaderNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

/** {@code /metrics} on the admin port agrees with what a client counted on the wire. */
class MetricsIT {
    private StubBackend backend;
    private RunningLb lb;

    @BeforeEach
    void start() {
        backend = StubBackend.start(routing -> routing
                .get("/item", (request, response) -> {
                    response.header(HeaderNames.ETAG, "\"v1\"");
                    if (request.headers().contains(HeaderNames.IF_NONE_MATCH)) {
                        response.status(304).send();
                    } else {
                        response.send("{\"id\":1,\"name\":\"widget\"}");
                    }
                })
                .get("/metrics", (request, response) -> response.send("backend's own metrics")));
        lb = RunningLb.start(List.of(backend));
    }

    @AfterEach
    void stop() {
        lb.close();
        backend.close();
    }

    @Test
    void statusesAndEgressBytesMatchWhatTheClientReceived() throws Exception {
        long bytesReceived = 0;
        try (RawHttp connection = new RawHttp(lb.port())) {
            for (int i = 0; i < 5; i++) {
                bytesReceived += connection.exchange("GET /item HTTP/1.1", "Host: lb").wireBytes();
            }
            for (int i = 0; i < 3; i++) {
                bytesReceived += connection.exchange("GET /item HTTP/1.1", "Host: lb", "If-None-Match: \"v1\"").wireBytes();
            }
            for (int i = 0; i < 2; i++) {
                bytesReceived += connection.exchange("GET /missing HTTP/1.1", "Host: lb").wireBytes();
            }
        }

        Scrape scrape = awaitResponsesCounted(10);
        String servedBy = "backend=\"" + backend.url().substring("http://".length()) + "\"";
        assertThat(scrape.sum("lb_responses_total", "code=\"200\"", servedBy), is(5.0));
        assertThat(scrape.sum("lb_responses_total", "code=\"304\"", servedBy), is(3.0));
        assertThat(scrape.sum("lb_responses_total", "code=\"404\"", servedBy), is(2.0));
        assertThat(scrape.sum("lb_egress_bytes_total"), is((double) bytesReceived));
        assertThat(scrape.sum("lb_requests_total"), is(10.0));
        assertThat(scrape.sum("lb_in_flight_requests"), is(0.0));
    }

    @Test
    void metricsPathOnTheProxyPortIsForwardedToTheBackend() {
        HttpResponse<byte[]> response = TestClient.get(lb.uri("/metrics"));

        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(body, is("backend's own metrics"));
        assertThat(body, not(containsString("lb_requests_total")));
        assertThat(backend.requests(), is(1));
    }

    @Test
    void adminPortServesHealthAndProxiesNothing() {
        HttpResponse<byte[]> health = TestClient.get(lb.adminUri("/health"));
        HttpResponse<byte[]> notProxied = TestClient.get(lb.adminUri("/item"));

        assertThat(health.statusCode(), is(200));
        assertThat(new String(health.body(), StandardCharsets.UTF_8), is("UP 1/1 backends in rotation\n"));
        assertThat(notProxied.statusCode(), is(404));
        assertThat(backend.requests(), is(0));
    }

    /** {@code whenSent} runs just after the last byte is handed to the socket, so the client may be faster. */
    private Scrape awaitResponsesCounted(int responses) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Scrape scrape = Scrape.of(lb);
        while (scrape.sum("lb_responses_total") < responses && System.nanoTime() < deadline) {
            Thread.sleep(20);
            scrape = Scrape.of(lb);
        }
        return scrape;
    }
}
