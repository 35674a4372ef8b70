package dev.etaglab.lb;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

/** Adding, removing and listing backends on the admin port while the proxy serves. */
class BackendAdminIT {
    private final List<StubBackend> backends = new ArrayList<>();

    @AfterEach
    void stopBackends() {
        backends.forEach(StubBackend::close);
    }

    @Test
    void aPostedBackendJoinsTheRotationAfterOneHealthCheckRunAtOnce() throws Exception {
        StubBackend running = startBackend();
        StubBackend joining = startBackend();
        // An hour between probes: only the probe run at once on adding can bring the new backend into rotation.
        try (RunningLb lb = RunningLb.start(List.of(running), "--health-interval", "1h")) {
            HttpResponse<String> added = post(lb, joining.url());

            assertThat(added.statusCode(), is(201));
            assertThat(added.headers().firstValue("Location").orElse(""),
                       is("/backends?url=" + URLEncoder.encode(joining.url(), StandardCharsets.UTF_8)));
            awaitInRotation(lb, joining);
            poll(lb, 10);
            assertThat(running.requests(), is(5));
            assertThat(joining.requests(), is(5));
        }
    }

    @Test
    void aPostedBackendTakesNoRequestUntilItsFirstHealthCheckPasses() throws Exception {
        CountDownLatch ready = new CountDownLatch(1);
        try {
            StubBackend running = startBackend("running", () -> { });
            StubBackend starting = startBackend("starting", () -> {
                assertThat("released", ready.await(5, TimeUnit.SECONDS), is(true));
            });
            try (RunningLb lb = RunningLb.start(List.of(running), "--health-path", "/ready", "--health-interval", "1h")) {
                assertThat(post(lb, starting.url()).statusCode(), is(201));

                assertThat("while its health check is unanswered", pollBodies(lb, 10), everyItem(is("running")));

                ready.countDown();
                awaitInRotation(lb, starting);
                assertThat(pollBodies(lb, 10).stream().filter("starting"::equals).count(), is(5L));
            }
        } finally {
            ready.countDown();
        }
    }

    @Test
    void postingAnOriginAlreadyPresentAnswers200AndAddsNothing() {
        StubBackend running = startBackend();
        try (RunningLb lb = RunningLb.start(List.of(running))) {
            HttpResponse<String> again = post(lb, running.url() + "/");

            assertThat(again.statusCode(), is(200));
            assertThat(again.body(), is("[" + entry(running, true) + "]\n"));
        }
    }

    @Test
    void aBodyThatIsNotABackendOriginAnswers400ProblemAndAddsNothing() {
        StubBackend running = startBackend();
        try (RunningLb lb = RunningLb.start(List.of(running))) {
            for (String body : List.of("", "not a url", "ftp://127.0.0.1:1", "http://127.0.0.1:1/api",
                                       "http://127.0.0.1:1?x=1", "127.0.0.1:1", "http://" + "h".repeat(3000))) {
                HttpResponse<String> response = post(lb, body);

                assertThat(body, response.statusCode(), is(400));
                assertThat(body, response.headers().firstValue("Content-Type").orElse(""), is("application/problem+json"));
                assertThat(body, response.body(), containsString("\"status\":400"));
            }
            assertThat(listing(lb), is("[" + entry(running, true) + "]\n"));
        }
    }

    @Test
    void aDeletedBackendGetsNoMoreRequests() {
        StubBackend staying = startBackend();
        StubBackend leaving = startBackend();
        try (RunningLb lb = RunningLb.start(List.of(staying, leaving))) {
            HttpResponse<String> deleted = delete(lb, "?url=" + URLEncoder.encode(leaving.url(), StandardCharsets.UTF_8));

            assertThat(deleted.statusCode(), is(200));
            assertThat(deleted.body(), is("[" + entry(staying, true) + "]\n"));
            poll(lb, 10);
            assertThat(staying.requests(), is(10));
            assertThat(leaving.requests(), is(0));
        }
    }

    @Test
    void aDeletedBackendIsNoLongerProbed() throws Exception {
        StubBackend staying = startBackend();
        StubBackend leaving = startBackend();
        try (RunningLb lb = RunningLb.start(List.of(staying, leaving), "--health-interval", "20ms")) {
            assertThat(delete(lb, "?url=" + leaving.url()).statusCode(), is(200));
            Thread.sleep(100);
            int probesSoon = leaving.healthProbes();
            int stayingSoon = staying.healthProbes();

            Thread.sleep(300);

            assertThat("the remaining backend is still probed", staying.healthProbes(), not(stayingSoon));
            assertThat(leaving.healthProbes(), is(probesSoon));
        }
    }

    @Test
    void deletingAnAbsentBackendAnswers404Problem() {
        try (RunningLb lb = RunningLb.start(List.of(startBackend()))) {
            HttpResponse<String> response = delete(lb, "?url=http://127.0.0.1:1");

            assertThat(response.statusCode(), is(404));
            assertThat(response.headers().firstValue("Content-Type").orElse(""), is("application/problem+json"));
        }
    }

    @Test
    void deletingWithoutAUsableUrlAnswers400Problem() {
        try (RunningLb lb = RunningLb.start(List.of(startBackend()))) {
            for (String query : List.of("", "?url=", "?url=http://127.0.0.1:1/path", "?other=http://127.0.0.1:1")) {
                HttpResponse<String> response = delete(lb, query);

                assertThat(query, response.statusCode(), is(400));
                assertThat(query, response.headers().firstValue("Content-Type").orElse(""), is("application/problem+json"));
            }
        }
    }

    @Test
    void withEveryBackendRemovedTheProxyAnswers503AndHealthSaysDown() {
        StubBackend only = startBackend();
        try (RunningLb lb = RunningLb.start(List.of(only))) {
            assertThat(delete(lb, "?url=" + only.url()).body(), is("[]\n"));

            assertThat(TestClient.get(lb.uri("/poll")).statusCode(), is(503));
            HttpResponse<byte[]> health = TestClient.get(lb.adminUri("/health"));
            assertThat(health.statusCode(), is(503));
            assertThat(new String(health.body(), StandardCharsets.UTF_8), is("DOWN 0/0 backends in rotation\n"));
        }
    }

    @Test
    void theListingShowsEveryBackendInRingOrderWithWhetherItIsInRotation() throws Exception {
        StubBackend up = startBackend();
        StubBackend down = startBackend();
        try (RunningLb lb = RunningLb.start(List.of(up, down), "--health-interval", "50ms")) {
            String expected = "[" + entry(up, true) + "," + entry(down, false) + "]\n";
            down.stop();
            // Until the probes have seen the stop (and, on a busy machine, until a probe of the live backend that
            // outran its read timeout of one interval has been followed by a successful one).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!listing(lb).equals(expected) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }

            HttpResponse<String> listing = TestClient.send(TestClient.request(lb.adminUri("/backends")),
                                                           HttpResponse.BodyHandlers.ofString());

            assertThat(listing.statusCode(), is(200));
            assertThat(listing.headers().firstValue("Content-Type").orElse(""), is("application/json"));
            assertThat(listing.body(), is(expected));
        }
    }

    @Test
    void aBackendAddedAtRunTimeIsCountedUnderItsOwnLabelAndARemovedOneLeavesBackendUp() throws Exception {
        StubBackend first = startBackend();
        StubBackend added = startBackend();
        try (RunningLb lb = RunningLb.start(List.of(first))) {
            post(lb, added.url());
            awaitInRotation(lb, added);
            poll(lb, 4);
            String label = "backend=\"" + added.url().substring("http://".length()) + "\"";

            Scrape scrape = Scrape.of(lb);
            assertThat(scrape.sum("lb_backend_up", label), is(1.0));
            assertThat(scrape.sum("lb_responses_total", label, "code=\"200\""), is(2.0));

            delete(lb, "?url=" + added.url());
            assertThat(Scrape.of(lb).text(), not(containsString("lb_backend_up{" + label)));
        }
    }

    private StubBackend startBackend() {
        return startBackend("ok", () -> { });
    }

    /** A stub answering {@code /poll} with {@code name}, and {@code /ready} (a health path) once {@code beforeReady} returns. */
    private StubBackend startBackend(String name, Interruptible beforeReady) {
        StubBackend backend = StubBackend.start(routing -> routing
                .get("/poll", (request, response) -> response.send(name))
                .get("/ready", (request, response) -> {
                    beforeReady.run();
                    response.send("ready");
                }));
        backends.add(backend);
        return backend;
    }

    @FunctionalInterface
    private interface Interruptible {
        void run() throws InterruptedException;
    }

    private static List<String> pollBodies(RunningLb lb, int times) {
        return IntStream.range(0, times)
                .mapToObj(i -> TestClient.send(TestClient.request(lb.uri("/poll")), HttpResponse.BodyHandlers.ofString()))
                .map(HttpResponse::body)
                .toList();
    }

    /** The listing entry the balancer writes for an idle backend. */
    private static String entry(StubBackend backend, boolean inRotation) {
        return "{\"url\":\"" + backend.url() + "\",\"inRotation\":" + inRotation + ",\"inFlight\":0}";
    }

    static HttpResponse<String> post(RunningLb lb, String body) {
        return TestClient.send(TestClient.request(lb.adminUri("/backends"))
                                       .header("Content-Type", "text/plain")
                                       .POST(HttpRequest.BodyPublishers.ofString(body)),
                               HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> delete(RunningLb lb, String query) {
        return TestClient.send(TestClient.request(lb.adminUri("/backends" + query)).DELETE(),
                               HttpResponse.BodyHandlers.ofString());
    }

    private static String listing(RunningLb lb) {
        return TestClient.send(TestClient.request(lb.adminUri("/backends")), HttpResponse.BodyHandlers.ofString()).body();
    }

    static void awaitInRotation(RunningLb lb, StubBackend backend) throws InterruptedException {
        String inRotation = "{\"url\":\"" + backend.url() + "\",\"inRotation\":true";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!listing(lb).contains(inRotation)) {
            assertThat("joined the rotation within 5 s", System.nanoTime(), lessThanOrEqualTo(deadline));
            Thread.sleep(10);
        }
    }

    private static void poll(RunningLb lb, int times) {
        IntStream.range(0, times).forEach(i -> assertThat(TestClient.get(lb.uri("/poll")).statusCode(), is(200)));
    }
}
