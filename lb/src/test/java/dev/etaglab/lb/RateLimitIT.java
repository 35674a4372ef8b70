package dev.etaglab.lb;

import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.helidon.http.HeaderNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

/** Per-client buckets: requests, and egress bytes charged with what was actually written. */
class RateLimitIT {
    private static final byte[] BIG = new byte[20 * 1024];
    private StubBackend backend;

    @BeforeEach
    void start() {
        backend = StubBackend.start(routing -> routing
                .get("/poll", (request, response) -> response.send("ok"))
                .get("/big", (request, response) -> {
                    response.header(HeaderNames.ETAG, "\"big-v1\"");
                    if (request.headers().first(HeaderNames.IF_NONE_MATCH).filter("\"big-v1\""::equals).isPresent()) {
                        response.status(304).send();
                    } else {
                        response.send(BIG);
                    }
                }));
    }

    @AfterEach
    void stop() {
        backend.close();
    }

    @Test
    void requestLimitAnswers429WithRetryAfterAndRateLimitHeaders() {
        // One refill per 20 minutes: nothing refills while the test runs.
        try (RunningLb lb = RunningLb.start(List.of(backend), "--rate-limit", "3/1h")) {
            for (int i = 0; i < 3; i++) {
                assertThat(TestClient.get(lb.uri("/poll")).statusCode(), is(200));
            }

            HttpResponse<byte[]> refused = TestClient.get(lb.uri("/poll"));

            assertThat(refused.statusCode(), is(429));
            assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()),
                       allOf(greaterThan(1_000L), lessThanOrEqualTo(1_200L)));
            assertThat(refused.headers().firstValue("RateLimit-Limit").orElse(null), is("3"));
            assertThat(refused.headers().firstValue("RateLimit-Remaining").orElse(null), is("0"));
            assertThat(Long.parseLong(refused.headers().firstValue("RateLimit-Reset").orElseThrow()),
                       allOf(greaterThan(3_000L), lessThanOrEqualTo(3_600L)));
            assertThat(refused.headers().firstValue("Content-Type").orElse(null), is("application/problem+json"));
            assertThat(new String(refused.body(), StandardCharsets.UTF_8), containsString("\"status\":429"));
            assertThat(backend.requests(), is(3));
            assertThat(Scrape.of(lb).sum("lb_rate_limited_total", "limit=\"requests\""), is(1.0));
        }
    }

    @Test
    void clientsIdentifiedByTheConfiguredHeaderHaveSeparateBuckets() {
        try (RunningLb lb = RunningLb.start(List.of(backend), "--rate-limit", "2/1h", "--client-header", "X-Client-Id")) {
            assertThat(pollAs(lb, "alice"), is(200));
            assertThat(pollAs(lb, "alice"), is(200));
            assertThat(pollAs(lb, "alice"), is(429));

            assertThat(pollAs(lb, "bob"), is(200));
        }
    }

    @Test
    void egressBudgetIsChargedWithBytesWrittenSoRevalidationAvoidsThrottling() {
        try (RunningLb lb = RunningLb.start(List.of(backend), "--egress-limit", "25KiB/1h")) {
            assertThat(TestClient.get(lb.uri("/big")).statusCode(), is(200));
            // Twenty 304s cost their header bytes only: they fit in what the first 200 left of the budget.
            for (int i = 0; i < 20; i++) {
                assertThat(TestClient.send(TestClient.request(lb.uri("/big")).header("If-None-Match", "\"big-v1\""))
                                   .statusCode(), is(304));
            }
            // A second full download is admitted on the positive balance and drives it into debt...
            assertThat(TestClient.get(lb.uri("/big")).statusCode(), is(200));

            HttpResponse<byte[]> refused = TestClient.get(lb.uri("/big"));

            // ...so the next request, even a cheap one, waits for the refill.
            assertThat(refused.statusCode(), is(429));
            assertThat(refused.headers().firstValue("RateLimit-Limit").orElse(null), is(Integer.toString(25 * 1024)));
            assertThat(Scrape.of(lb).sum("lb_rate_limited_total", "limit=\"egress-bytes\""), is(1.0));
        }
    }

    /**
     * A client flooding the balancer from its own address (127.0.0.2, the default key: no header to spoof)
     * is throttled with 429, while a polite client on another address is served every time. Bounded: two
     * seconds of flood, a timeout on every request.
     */
    @Test
    void floodingClientIsThrottledWhileAnotherClientKeepsBeingServed() throws Exception {
        Duration flood = Duration.ofSeconds(2);
        try (RunningLb lb = RunningLb.start(List.of(backend), "--rate-limit", "20/1s");
             HttpClient flooder = HttpClient.newBuilder().localAddress(InetAddress.getByName("127.0.0.2"))
                     .connectTimeout(TestClient.TIMEOUT).build()) {
            AtomicInteger flooderServed = new AtomicInteger();
            AtomicInteger flooderThrottled = new AtomicInteger();
            AtomicInteger flooderOther = new AtomicInteger();
            long end = System.nanoTime() + flood.toNanos();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    while (System.nanoTime() < end) {
                        try {
                            int status = flooder.send(TestClient.request(lb.uri("/poll")).build(),
                                                      HttpResponse.BodyHandlers.discarding()).statusCode();
                            (status == 200 ? flooderServed : status == 429 ? flooderThrottled : flooderOther)
                                    .incrementAndGet();
                        } catch (Exception e) {
                            flooderOther.incrementAndGet();
                        }
                    }
                }));
            }
            List<Integer> polite = new ArrayList<>();
            while (System.nanoTime() < end) {
                polite.add(TestClient.get(lb.uri("/poll")).statusCode());
                Thread.sleep(100);
            }
            for (Thread thread : threads) {
                thread.join(TestClient.TIMEOUT.toMillis());
            }

            assertThat(polite.size(), greaterThan(10));
            assertThat(polite.stream().distinct().toList(), is(List.of(200)));
            assertThat(flooderThrottled.get(), greaterThan(0));
            assertThat(flooderOther.get(), is(0));
            // The flooder gets the bucket (20) plus its refill (20/s) over the flood, plus one second of slack.
            assertThat(flooderServed.get(), lessThanOrEqualTo(20 + 20 * (int) (flood.toSeconds() + 1)));
            assertThat(Scrape.of(lb).sum("lb_rate_limited_total", "limit=\"requests\""),
                       is((double) flooderThrottled.get()));
        }
    }

    private static int pollAs(RunningLb lb, String client) {
        return TestClient.send(TestClient.request(lb.uri("/poll")).header("X-Client-Id", client)).statusCode();
    }
}
