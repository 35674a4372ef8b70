package dev.etaglab.lb;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/** How each policy spreads requests over three real backends. */
class PolicyIT {
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<StubBackend> backends = new ArrayList<>();

    @BeforeEach
    void startBackends() {
        for (int i = 0; i < 3; i++) {
            backends.add(StubBackend.start(routing -> routing
                    .get("/poll", (request, response) -> response.send("ok"))
                    .get("/hold", (request, response) -> {
                        assertThat("released", release.await(5, TimeUnit.SECONDS), is(true));
                        response.send("held");
                    })));
        }
    }

    @AfterEach
    void stopBackends() {
        release.countDown();
        backends.forEach(StubBackend::close);
    }

    @Test
    void roundRobinSpreadsSequentialPollsExactlyEvenly() {
        try (RunningLb lb = RunningLb.start(backends, "--policy", "round-robin")) {
            poll(lb, 30);
        }

        assertThat(requestsPerBackend(), contains(10, 10, 10));
    }

    @Test
    void randomReachesEveryBackendRoughlyEvenly() {
        try (RunningLb lb = RunningLb.start(backends, "--policy", "random")) {
            poll(lb, 300);
        }

        // Binomial(300, 1/3): mean 100, sd 8.2; [50, 150] is six standard deviations wide.
        assertThat(requestsPerBackend(), everyItem(allOf(greaterThanOrEqualTo(50), lessThanOrEqualTo(150))));
        assertThat(requestsPerBackend().stream().mapToInt(Integer::intValue).sum(), is(300));
    }

    @Test
    void leastInFlightSendsNothingToABusyBackendAndRotatesTheIdleOnes() throws Exception {
        try (RunningLb lb = RunningLb.start(backends, "--policy", "least-in-flight")) {
            CompletableFuture<HttpResponse<byte[]>> held =
                    CompletableFuture.supplyAsync(() -> TestClient.get(lb.uri("/hold")));
            StubBackend busy = awaitBusyBackend();

            poll(lb, 20);

            assertThat(busy.requests(), is(1));
            for (StubBackend backend : backends) {
                if (backend != busy) {
                    assertThat(backend.requests(), is(10));
                }
            }
            release.countDown();
            assertThat(held.get(5, TimeUnit.SECONDS).statusCode(), is(200));
        }
    }

    private StubBackend awaitBusyBackend() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            for (StubBackend backend : backends) {
                if (backend.requests() == 1) {
                    return backend;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the held request reached no backend");
    }

    private static void poll(RunningLb lb, int times) {
        IntStream.range(0, times).forEach(i -> assertThat(TestClient.get(lb.uri("/poll")).statusCode(), is(200)));
    }

    private List<Integer> requestsPerBackend() {
        return backends.stream().map(StubBackend::requests).toList();
    }
}
