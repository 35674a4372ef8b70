package dev.etaglab.lb;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

/** Ejection, retry of idempotent requests, and rejoin after a restart. */
class HealthIT {
    private final List<StubBackend> backends = new ArrayList<>();

    @AfterEach
    void stopBackends() {
        backends.forEach(StubBackend::close);
    }

    @Test
    void withOneOfThreeBackendsDeadNoGetFailsAndTheRestartedBackendRejoins() throws Exception {
        startBackends(3);
        try (RunningLb lb = RunningLb.start(backends, "--health-interval", "100ms")) {
            StubBackend victim = backends.get(1);
            victim.stop();

            for (int i = 0; i < 60; i++) {
                assertThat("GET #" + i, TestClient.get(lb.uri("/poll")).statusCode(), is(200));
            }
            Scrape afterKill = Scrape.of(lb);
            assertThat(afterKill.sum("lb_ejections_total", "backend=\"" + victim.url().substring("http://".length()) + "\""), is(1.0));
            assertThat(afterKill.sum("lb_backend_up"), is(2.0));

            victim.restart();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (victim.requests() == 0 && System.nanoTime() < deadline) {
                assertThat(TestClient.get(lb.uri("/poll")).statusCode(), is(200));
                Thread.sleep(20);
            }
            assertThat("restarted backend serves again", victim.requests(), greaterThan(0));
            assertThat(Scrape.of(lb).sum("lb_backend_up"), is(3.0));
        }
    }

    @Test
    void getIsRetriedOnceOnAnotherBackendWhenTheConnectionIsRefused() {
        startBackends(2);
        backends.getFirst().stop();
        // An hour between probes: only the refused connection itself can eject the dead backend.
        try (RunningLb lb = RunningLb.start(backends, "--health-interval", "1h")) {
            HttpResponse<byte[]> response = TestClient.get(lb.uri("/poll"));

            assertThat(response.statusCode(), is(200));
            assertThat(backends.get(1).requests(), is(1));
            Scrape scrape = Scrape.of(lb);
            assertThat(scrape.sum("lb_retries_total"), is(1.0));
            assertThat(scrape.sum("lb_ejections_total"), is(1.0));
        }
    }

    @Test
    void putIsNeverRetried() {
        startBackends(2);
        backends.getFirst().stop();
        try (RunningLb lb = RunningLb.start(backends, "--health-interval", "1h")) {
            // Round-robin starts at the first backend, the dead one.
            HttpResponse<byte[]> response = TestClient.send(TestClient.request(lb.uri("/poll"))
                                                                    .PUT(HttpRequest.BodyPublishers.ofString("v2")));

            assertThat(response.statusCode(), is(502));
            assertThat(backends.get(1).requests(), is(0));
            assertThat(Scrape.of(lb).sum("lb_retries_total"), is(0.0));
        }
    }

    private void startBackends(int count) {
        for (int i = 0; i < count; i++) {
            backends.add(StubBackend.start(routing -> routing.any("/poll", (request, response) -> response.send("ok"))));
        }
    }
}
