package dev.etaglab.lb;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

/** {@code --policy sticky} over three real backends: the affinity cookie on the wire, and where clients land. */
class StickyPolicyIT {
    private static final String SET_COOKIE_PATTERN = "lb_affinity=[0-9a-f]{16}\\.[0-9a-f]{8}; Path=/; HttpOnly";
    private static final String TAG = "\"v1\"";

    private final List<StubBackend> backends = new ArrayList<>();

    @BeforeEach
    void startBackends() {
        for (int i = 0; i < 3; i++) {
            backends.add(startBackend("backend-" + i));
        }
    }

    private static StubBackend startBackend(String name) {
        return StubBackend.start(routing -> routing
                    .get("/poll", (request, response) -> response.send(name))
                    .get("/etag", (request, response) -> {
                        response.header(HeaderNames.ETAG, TAG);
                        if (request.headers().contains(HeaderNames.IF_NONE_MATCH)) {
                            response.status(Status.NOT_MODIFIED_304).send();
                        } else {
                            response.send(name);
                        }
                    })
                    .get("/session", (request, response) -> {
                        response.header(HeaderNames.SET_COOKIE, "session=abc; Path=/");
                        response.send(name);
                    })
                    .get("/echo-cookie", (request, response) -> {
                        assertThat("Cookie as the client sent it", request.headers().get(HeaderNames.COOKIE).allValues(),
                                   contains("theme=dark; lb_affinity=0123456789abcdef"));
                        response.send(name);
                    }));
    }

    @AfterEach
    void stopBackends() {
        backends.forEach(StubBackend::close);
    }

    @Test
    void theFirstResponseSetsTheCookieAndLaterOnesDoNot() {
        try (RunningLb lb = RunningLb.start(backends, "--policy", "sticky")) {
            HttpResponse<String> first = get(lb, "/poll", null);
            String cookie = cookiePair(first);

            assertThat(first.headers().allValues("set-cookie"), contains(matchesPattern(SET_COOKIE_PATTERN)));
            for (int i = 0; i < 5; i++) {
                assertThat(get(lb, "/poll", cookie).headers().allValues("set-cookie"), is(empty()));
            }
        }
    }

    @Test
    void aClientHoldingTheCookieAlwaysReachesTheSameBackend() {
        try (RunningLb lb = RunningLb.start(backends, "--policy", "sticky")) {
            HttpResponse<String> first = get(lb, "/poll", null);
            String cookie = cookiePair(first);

            for (int i = 0; i < 30; i++) {
                assertThat("request #" + i, get(lb, "/poll", cookie).body(), is(first.body()));
            }
        }
    }

    @Test
    void a304CarriesTheCookieToo() {
        try (RunningLb lb = RunningLb.start(backends, "--policy", "sticky")) {
            HttpResponse<String> notModified = TestClient.send(TestClient.request(lb.uri("/etag"))
                                                                       .header("If-None-Match", TAG),
                                                               HttpResponse.BodyHandlers.ofString());

            assertThat(notModified.statusCode(), is(304));
            assertThat(notModified.headers().allValues("set-cookie"), contains(matchesPattern(SET_COOKIE_PATTERN)));
            assertThat(notModified.body(), is(""));
        }
    }

    @Test
    void theBalancersOwnProblemAnswerSetsTheCookieToo() {
        backends.forEach(StubBackend::stop);
        try (RunningLb lb = RunningLb.start(backends, "--policy", "sticky", "--health-interval", "1h")) {
            HttpResponse<String> problem = get(lb, "/poll", null);

            assertThat(problem.statusCode(), is(502));
            // The key is handed out; which backend it names does not matter, the next request is placed by the key.
            assertThat(problem.headers().allValues("set-cookie"),
                       contains(matchesPattern("lb_affinity=[0-9a-f]{16}(\\.[0-9a-f]{8})?; Path=/; HttpOnly")));
        }
    }

    @Test
    void theBackendsOwnSetCookieIsKeptNextToTheBalancers() {
        try (RunningLb lb = RunningLb.start(backends, "--policy", "sticky")) {
            HttpResponse<String> response = get(lb, "/session", null);

            assertThat(response.headers().allValues("set-cookie"),
                       containsInAnyOrder(is("session=abc; Path=/"), matchesPattern(SET_COOKIE_PATTERN)));
        }
    }

    @Test
    void theCookieReachesTheBackendUnchanged() {
        try (RunningLb lb = RunningLb.start(backends, "--policy", "sticky")) {
            assertThat(get(lb, "/echo-cookie", "theme=dark; lb_affinity=0123456789abcdef").statusCode(), is(200));
        }
    }

    @Test
    void aCookieTheBalancerCannotHaveMintedIsReplaced() {
        try (RunningLb lb = RunningLb.start(backends, "--policy", "sticky")) {
            HttpResponse<String> response = get(lb, "/poll", "lb_affinity=chosen-by-the-client");
            assertThat("a cookie it replaces is no re-home", Scrape.of(lb).sum("lb_affinity_rehomed_total"), is(0.0));

            assertThat(response.headers().allValues("set-cookie"), contains(matchesPattern(SET_COOKIE_PATTERN)));
        }
    }

    @Test
    void distinctClientsSpreadOverEveryBackend() {
        Map<String, Integer> clientsPerBackend = new HashMap<>();
        try (RunningLb lb = RunningLb.start(backends, "--policy", "sticky")) {
            for (int client = 0; client < 90; client++) {
                clientsPerBackend.merge(get(lb, "/poll", null).body(), 1, Integer::sum);
            }
        }

        // Binomial(90, 1/3): mean 30, sd 4.5; 10 is more than four standard deviations below.
        assertThat(clientsPerBackend.toString(), clientsPerBackend.keySet(), hasSize(3));
        assertThat(clientsPerBackend.toString(), clientsPerBackend.values(), everyItem(greaterThanOrEqualTo(10)));
    }

    @Test
    void aClientMovesWhileItsBackendIsEjectedAndReturnsOnceItIsHealthyAgain() throws Exception {
        try (RunningLb lb = RunningLb.start(backends, "--policy", "sticky", "--health-interval", "100ms")) {
            HttpResponse<String> first = get(lb, "/poll", null);
            String cookie = cookiePair(first);
            String home = first.body();
            StubBackend homeBackend = backends.get(Integer.parseInt(home.substring("backend-".length())));

            homeBackend.stop();
            HttpResponse<String> moved = get(lb, "/poll", cookie);
            String elsewhere = moved.body();
            assertThat(elsewhere, not(home));
            // Re-homed: a new cookie naming the new backend, same key, and the balancer counts it.
            String movedCookie = cookiePair(moved);
            assertThat(movedCookie.substring(0, 28), is(cookie.substring(0, 28)));
            assertThat(movedCookie, not(cookie));
            assertThat(Scrape.of(lb).sum("lb_affinity_rehomed_total"), is(1.0));
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> response = get(lb, "/poll", movedCookie);
                assertThat("while ejected, request #" + i, response.body(), is(elsewhere));
                assertThat("no new cookie while it stays", response.headers().allValues("set-cookie"), is(empty()));
            }
            assertThat("only the first request tried the stopped backend", Scrape.of(lb).sum("lb_retries_total"), is(1.0));

            homeBackend.restart();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (Scrape.of(lb).sum("lb_backend_up") < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            HttpResponse<String> back = get(lb, "/poll", movedCookie);
            assertThat(back.body(), is(home));
            assertThat("home again: the first cookie again", cookiePair(back), is(cookie));
            assertThat(Scrape.of(lb).sum("lb_affinity_rehomed_total"), is(2.0));
            for (int i = 0; i < 10; i++) {
                assertThat("after the rejoin, request #" + i, get(lb, "/poll", cookie).body(), is(home));
            }
        }
    }

    @Test
    void whenABackendIsAddedAClientEitherStaysOrMovesToItAndAboutAQuarterMove() throws Exception {
        StubBackend added = startBackend("backend-3");
        List<StubBackend> firstThree = List.copyOf(backends);
        backends.add(added);
        try (RunningLb lb = RunningLb.start(firstThree, "--policy", "sticky", "--health-interval", "1h")) {
            Map<String, String> homeByCookie = new HashMap<>();
            for (int client = 0; client < 80; client++) {
                HttpResponse<String> first = get(lb, "/poll", null);
                homeByCookie.put(cookiePair(first), first.body());
            }

            assertThat(BackendAdminIT.post(lb, added.url()).statusCode(), is(201));
            BackendAdminIT.awaitInRotation(lb, added);

            int moved = 0;
            for (Map.Entry<String, String> client : homeByCookie.entrySet()) {
                String now = get(lb, "/poll", client.getKey()).body();
                if (!now.equals(client.getValue())) {
                    assertThat("a client that moves goes to the new backend", now, is("backend-3"));
                    moved++;
                }
            }
            // Binomial(80, 1/4): mean 20, sd 3.9; [5, 40] is almost four standard deviations below, five above.
            assertThat(moved, allOf(greaterThanOrEqualTo(5), lessThanOrEqualTo(40)));
        }
    }

    @Test
    void otherPoliciesSetNoCookie() {
        for (PolicyName policy : PolicyName.values()) {
            if (policy == PolicyName.STICKY) {
                continue;
            }
            try (RunningLb lb = RunningLb.start(backends, "--policy", policy.toString())) {
                assertThat(policy.toString(), get(lb, "/poll", null).headers().allValues("set-cookie"), is(empty()));
            }
        }
    }

    static HttpResponse<String> get(RunningLb lb, String path, String cookie) {
        HttpRequest.Builder request = TestClient.request(lb.uri(path));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return TestClient.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** {@code lb_affinity=<key>} from the response's Set-Cookie, as a cookie jar would send it back. */
    static String cookiePair(HttpResponse<?> response) {
        String setCookie = response.headers().firstValue("set-cookie")
                .orElseThrow(() -> new AssertionError("no Set-Cookie in " + response.headers().map()));
        return setCookie.substring(0, setCookie.indexOf(';'));
    }
}
