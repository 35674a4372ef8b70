package dev.etaglab.lb;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import dev.etaglab.lb.cluster.Cluster;
import dev.etaglab.lb.cluster.ClusterSpec;
import dev.etaglab.lb.cluster.RunningCluster;
import dev.etaglab.support.testing.HostileCaseLog;
import dev.etaglab.support.testing.RawHttp;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and malformed requests through the real balancer (lb.jar) in front of two real replicas
 * (server.jar), all started by the cluster launcher, over raw sockets. Every case asserts the exact
 * status (whichever hop answers it), a problem+json body for every error, that the document's ETag did
 * not change, and that a normal GET through the balancer still succeeds. Each case is a row of
 * {@code target/reliability/lb-hostile.tsv} ({@code scripts/reliability-report.sh} makes the table).
 */
class HostileRequestIT {

    private static final Path REPO = Path.of(System.getProperty("etaglab.repo.root", ".."));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /* Short client deadlines on the balancer so the slow-client cases take seconds (defaults: 10 s, 30 s, 20 s). */
    private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(2);
    private static final HostileCaseLog LOG = new HostileCaseLog("lb-hostile");
    /* A slow client's pace: 5 bytes/s. */
    private static final Duration TRICKLE_PAUSE = Duration.ofMillis(200);

    @TempDir
    static Path work;
    private static RunningCluster cluster;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        ClusterSpec spec = ClusterSpec.defaults(REPO, work).withReplicas(2).withSeedSize("4KiB")
                .withLbArgs(List.of("--max-body", "64KiB", "--header-timeout", "2s", "--idle-timeout", "3s",
                        "--body-timeout", "2s"));
        token = spec.writeToken();
        cluster = Cluster.start(spec, new PrintStream(PrintStream.nullOutputStream()));
    }

    @AfterAll
    static void stop() throws IOException {
        if (cluster != null) {
            cluster.close();
        }
        LOG.write();
    }

    /** A hostile request: {@code request} gets the current ETag, {@code check} adds case-specific assertions. */
    record Case(String name, String rule, int expected, UnaryOperator<String> request, Consumer<RawHttp.Response> check) {
        Case(String name, String rule, int expected, UnaryOperator<String> request) {
            this(name, rule, expected, request, response -> { });
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        String notCurrent = IntStream.range(0, 2000).mapToObj(i -> "\"" + i + "\"").collect(Collectors.joining(","));
        return Stream.of(
                new Case("header section of 20 KiB", "RFC 6585 §5", 431,
                        etag -> get("/resource", "X-Padding: " + "a".repeat(20 * 1024))),
                new Case("header section of 100 KiB (past Helidon's read limit)", "RFC 9110 §5.4", 400,
                        etag -> get("/resource", "X-Padding: " + "a".repeat(100 * 1024))),
                new Case("2,000 If-None-Match members, none current", "RFC 9110 §13.1.2", 200,
                        etag -> get("/resource", "If-None-Match: " + notCurrent)),
                new Case("2,000 If-None-Match members, the current tag first", "RFC 9110 §13.1.2", 304,
                        etag -> get("/resource", "If-None-Match: " + etag + "," + notCurrent)),
                new Case("malformed If-None-Match members", "RFC 9110 §8.8.3", 200,
                        etag -> get("/resource", "If-None-Match: xyzzy, w/\"lower\", W /\"space\", \"unterminated")),
                new Case("invalid If-Modified-Since date", "RFC 9110 §13.1.3", 200,
                        etag -> get("/resource", "If-Modified-Since: yesterday, 25:61:61")),
                new Case("PUT with a malformed If-Match", "RFC 9110 §13.1.1", 412,
                        etag -> put("If-Match: " + etag.substring(1, etag.length() - 1), "{\"a\":1}")),
                new Case("PUT with truncated JSON", "RFC 9110 §15.5.1", 400,
                        etag -> put("If-Match: " + etag, "{\"catalogue\": [1, 2")),
                new Case("PUT without the bearer token", "RFC 6750 §3", 401,
                        etag -> put("If-Match: " + etag, "{\"a\":1}").replace("Authorization: Bearer " + token + "\r\n", "")),
                new Case("PUT declaring a 100 MB body (never forwarded)", "RFC 9110 §15.5.14", 413,
                        etag -> putHead("If-Match: " + etag, "Content-Length: 100000000") + "{"),
                new Case("PUT with a chunked body over the balancer's limit", "RFC 9110 §15.5.14", 413,
                        etag -> putHead("If-Match: " + etag, "Transfer-Encoding: chunked")
                                + ("4000\r\n" + " ".repeat(0x4000) + "\r\n").repeat(5) + "0\r\n\r\n"),
                new Case("unknown method BREW", "RFC 9110 §15.5.6", 405,
                        etag -> "BREW /resource HTTP/1.1\r\nHost: t\r\n\r\n",
                        response -> assertThat(response.header("Allow").orElse(""), is("GET, HEAD, PUT, OPTIONS"))),
                new Case("method that is not a token", "RFC 9112 §3", 400,
                        etag -> "GE(T /resource HTTP/1.1\r\nHost: t\r\n\r\n"),
                new Case("request target of 5,000 bytes", "RFC 9112 §3", 414,
                        etag -> "GET /resource?" + "a".repeat(5000) + " HTTP/1.1\r\nHost: t\r\n\r\n"),
                new Case("HTTP/1.0 request line", "RFC 9110 §15.6.6", 505,
                        etag -> "GET /resource HTTP/1.0\r\n\r\n"),
                new Case("no Host field", "RFC 9112 §3.2", 400,
                        etag -> "GET /resource HTTP/1.1\r\n\r\n"),
                new Case("whitespace between field name and colon", "RFC 9112 §5.1", 400,
                        etag -> get("/resource", "If-None-Match : " + etag)),
                new Case("obsolete line folding", "RFC 9112 §5.2", 400,
                        etag -> get("/resource", "If-None-Match: \"a\",\r\n " + etag)),
                new Case("NUL in a field value", "RFC 9110 §5.5", 400,
                        etag -> get("/resource", "If-None-Match: \"a\u0000b\"")),
                new Case("two different Content-Length values", "RFC 9112 §6.3", 400,
                        etag -> putHead("If-Match: " + etag, "Content-Length: 7", "Content-Length: 8") + "{\"a\":1}"),
                new Case("Transfer-Encoding gzip, chunked on a request", "RFC 9112 §6.1", 501,
                        etag -> putHead("If-Match: " + etag, "Transfer-Encoding: gzip, chunked") + "0\r\n\r\n"),
                new Case("replica admin endpoint GET /cache-control via the proxy port", "issue 7: admin not proxied", 404,
                        etag -> get("/cache-control", "X-Probe: 1")),
                new Case("replica admin endpoint PUT /cache-control via the proxy port", "issue 7: admin not proxied", 404,
                        etag -> "PUT /cache-control HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + token
                                + "\r\nContent-Length: 10\r\n\r\nmax-age=99"),
                new Case("balancer /metrics via the proxy port", "issue 7: admin not proxied", 404,
                        etag -> get("/metrics", "X-Probe: 1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hostileRequestGetsItsExactStatusAndChangesNothing(Case hostile) throws Exception {
        String before = currentEtag();

        RawHttp.Response response;
        try (RawHttp connection = new RawHttp(cluster.lbUri().getPort())) {
            connection.write(hostile.request().apply(before));
            response = connection.readResponse(false);
        }

        boolean unchanged = currentEtag().equals(before);
        boolean healthy = get().statusCode() == 200;
        LOG.record(hostile.name(), hostile.rule(), Integer.toString(hostile.expected()), Integer.toString(response.status()),
                unchanged, healthy);
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(body, response.status(), is(hostile.expected()));
        if (hostile.expected() != 501 && hostile.expected() != 505) {
            // RFC 9112 §6.1 (unknown transfer coding) and RFC 9110 §15.6.6 (version) prescribe those two 5xx.
            assertThat(response.status(), lessThan(500));
        }
        if (response.status() >= 400) {
            assertThat(body, response.header("Content-Type").orElse(""), is("application/problem+json"));
        }
        hostile.check().accept(response);
        assertThat("ETag changed", unchanged, is(true));
        assertThat("cluster unhealthy afterwards", healthy, is(true));
        // The cache policy is untouched by the PUT /cache-control attempt.
        assertThat(get().headers().firstValue("Cache-Control").orElse(""), is("no-cache"));
    }

    /** RFC 9110 §15.5.9: a request line followed by silence gets 408 from the balancer at its header deadline. */
    @Test
    void requestLineFollowedBySilenceGets408AtTheHeaderDeadline() throws Exception {
        long start = System.nanoTime();
        RawHttp.Response response;
        RawHttp.After after;
        try (RawHttp connection = new RawHttp(cluster.lbUri().getPort(), Duration.ofSeconds(10))) {
            connection.write("GET /resource HTTP/1.1\r\nHost: t\r\n");
            response = connection.readResponse(false);
            after = connection.after(Duration.ofSeconds(2));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        boolean healthy = get().statusCode() == 200;
        LOG.record("request line, then silence", "RFC 9110 §15.5.9", "408 within 2 s + 1 s, then close",
                response.status() + " after " + HostileCaseLog.seconds(took) + ", then " + after.name().toLowerCase(Locale.ROOT),
                true, healthy);

        assertThat(response.status(), is(408));
        assertThat(response.header("Content-Type").orElse(""), is("application/problem+json"));
        assertThat(took, between(HEADER_TIMEOUT, HEADER_TIMEOUT.plusSeconds(1)));
        assertThat(after, is(RawHttp.After.CLOSED));
        assertThat(healthy, is(true));
    }

    /** A header section trickled a byte at a time is cut off at the balancer's deadline. */
    @Test
    void headerSectionTrickledByteByByteIsCutOffAtTheDeadline() throws Exception {
        long start = System.nanoTime();
        String outcome;
        try (RawHttp connection = new RawHttp(cluster.lbUri().getPort(), Duration.ofSeconds(10))) {
            connection.write("GET /resource HTTP/1.1\r\nHost: t\r\n");
            outcome = connection.trickle("X-Slow: " + "a".repeat(100), TRICKLE_PAUSE);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        boolean healthy = get().statusCode() == 200;
        LOG.record("header section trickled at 5 bytes/s", "RFC 9110 §15.5.9", "408 or close within 2 s + 1 s",
                outcome + " after " + HostileCaseLog.seconds(took), true, healthy);

        assertThat(outcome, anyOf(is("408"), is("closed")));
        assertThat(took, between(HEADER_TIMEOUT, HEADER_TIMEOUT.plusSeconds(1)));
        assertThat(healthy, is(true));
    }

    /** A request line trickled a byte at a time is closed by the balancer's idle timeout. */
    @Test
    void requestLineTrickledByteByByteIsClosedAtTheIdleTimeout() throws Exception {
        long start = System.nanoTime();
        String outcome;
        try (RawHttp connection = new RawHttp(cluster.lbUri().getPort(), Duration.ofSeconds(15))) {
            outcome = connection.trickle("GET /resource?" + "a".repeat(100), TRICKLE_PAUSE);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        boolean healthy = get().statusCode() == 200;
        LOG.record("request line trickled at 5 bytes/s", "RFC 9112 §9.5", "close within 3 s + 3 s",
                outcome + " after " + HostileCaseLog.seconds(took), true, healthy);

        assertThat(outcome, is("closed"));
        // Helidon checks idleness every max(1 s, timeout / 4) and refreshes its clock once a second.
        assertThat(took, between(IDLE_TIMEOUT.minusSeconds(1), IDLE_TIMEOUT.plusSeconds(3)));
        assertThat(healthy, is(true));
    }

    /**
     * RFC 9110 §15.5.9: a PUT whose body stops half-way gets 408 from the balancer at its body deadline (2 s,
     * plus 0.2 s earned by 100 bytes at 500 bytes/s; the replicas' own deadline is the default 20 s), the
     * connection is closed, nothing is written, and the 408 is counted like any answer.
     */
    @Test
    void bodyStoppedHalfWayGets408FromTheBalancerAtItsBodyDeadline() throws Exception {
        String before = currentEtag();
        double timeoutsBefore = timeoutsCounted();
        long start = System.nanoTime();
        RawHttp.Response response;
        RawHttp.After after;
        try (RawHttp connection = new RawHttp(cluster.lbUri().getPort(), Duration.ofSeconds(10))) {
            connection.write(putHead("If-Match: " + before, "Content-Length: 1000") + "{\"a\":\"" + "x".repeat(94));
            response = connection.readResponse(false);
            after = connection.after(Duration.ofSeconds(2));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        boolean unchanged = currentEtag().equals(before);
        boolean healthy = get().statusCode() == 200;
        LOG.record("PUT body stopped after 100 of 1,000 bytes", "RFC 9110 §15.5.9", "408 within 2.2 s + 1 s, then close",
                response.status() + " after " + HostileCaseLog.seconds(took) + ", then " + after.name().toLowerCase(Locale.ROOT),
                unchanged, healthy);

        assertThat(response.status(), is(408));
        assertThat(response.header("Connection").orElse(""), is("close"));
        assertThat(response.header("Content-Type").orElse(""), is("application/problem+json"));
        assertThat(took, between(BODY_TIMEOUT, BODY_TIMEOUT.plusMillis(1200)));
        assertThat(after, is(RawHttp.After.CLOSED));
        assertThat(timeoutsCounted() - timeoutsBefore, is(1.0));
        assertThat("ETag changed", unchanged, is(true));
        assertThat(healthy, is(true));
    }

    private static Matcher<Duration> between(Duration min, Duration max) {
        return allOf(greaterThanOrEqualTo(min), lessThanOrEqualTo(max));
    }

    /** The 408s lb.jar's /metrics has counted so far. */
    private static double timeoutsCounted() {
        return Scrape.of(cluster.adminUri().resolve("/metrics")).sum("lb_responses_total", "code=\"408\"");
    }

    private static HttpResponse<String> get() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(cluster.lbUri().resolve("/resource")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The ETag of the document, asked of each replica directly: a change on any of them is a change. */
    private static String currentEtag() throws Exception {
        List<String> tags = new ArrayList<>();
        for (URI replica : cluster.replicaUris()) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(replica.resolve("/resource"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode(), is(200));
            tags.add(response.headers().firstValue("ETag").orElseThrow());
        }
        assertThat("replicas disagree: " + tags, tags.stream().distinct().count(), is(1L));
        return tags.getFirst();
    }

    private static String get(String path, String field) {
        return "GET " + path + " HTTP/1.1\r\nHost: t\r\n" + field + "\r\n\r\n";
    }

    private static String put(String precondition, String json) {
        return putHead(precondition, "Content-Length: " + json.getBytes(StandardCharsets.UTF_8).length) + json;
    }

    private static String putHead(String precondition, String... framing) {
        return "PUT /resource HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + token + "\r\n"
                + "Content-Type: application/json\r\n" + precondition + "\r\n"
                + String.join("\r\n", framing) + "\r\n\r\n";
    }

}
