package dev.etaglab.server.app;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import dev.etaglab.server.http.HttpDate;
import dev.etaglab.support.testing.HostileCaseLog;
import dev.etaglab.support.testing.RawHttp;
import dev.etaglab.support.web.ListenerLimits;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and malformed requests against a real replica over raw sockets on 127.0.0.1. Every case asserts
 * the exact status, a problem+json body for every error, that the document's ETag did not change, and
 * that a normal GET still succeeds afterwards. Each case is a row of {@code target/reliability/
 * server-hostile.tsv}, which {@code scripts/reliability-report.sh} turns into the table in
 * {@code results/reliability/README.md}.
 */
class HostileRequestIT {

    private static final String TOKEN = "hostile-suite-token";
    private static final int MAX_BODY = 64 * 1024;
    /* Short deadlines so the slow-client cases take seconds; the production defaults are 10 s, 30 s and 20 s. */
    private static final ListenerLimits LIMITS = ListenerLimits.DEFAULTS
            .withHeaderTimeout(Duration.ofSeconds(2)).withIdleTimeout(Duration.ofSeconds(3))
            .withBodyTimeout(Duration.ofSeconds(2));
    private static final HostileCaseLog LOG = new HostileCaseLog("server-hostile");
    /* A slow client's pace: 5 bytes/s. */
    private static final Duration TRICKLE_PAUSE = Duration.ofMillis(200);

    @TempDir
    static Path root;
    private static Replica replica;
    private static WebServer server;
    private static URI base;

    @BeforeAll
    static void start() throws IOException {
        replica = Replica.create(ReplicaSettings.loopback(root.resolve("replica"), root.resolve("origin"), "sha256-cached")
                .withWriteToken(TOKEN).withMaxBodyBytes(MAX_BODY).withLimits(LIMITS), Clock.systemUTC());
        server = replica.start();
        base = URI.create("http://127.0.0.1:" + server.port());
    }

    @AfterAll
    static void stop() throws IOException {
        server.stop();
        replica.close();
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
                        etag -> get("X-Padding: " + "a".repeat(20 * 1024))),
                new Case("header section of 100 KiB (past Helidon's read limit)", "RFC 9110 §5.4", 400,
                        etag -> get("X-Padding: " + "a".repeat(100 * 1024))),
                new Case("2,000 If-None-Match members, none current", "RFC 9110 §13.1.2", 200,
                        etag -> get("If-None-Match: " + notCurrent)),
                new Case("2,000 If-None-Match members, the current tag first", "RFC 9110 §13.1.2", 304,
                        etag -> get("If-None-Match: " + etag + "," + notCurrent)),
                new Case("current tag after If-None-Match member 1,024 (not examined)", "RFC 9110 §13.1.2", 200,
                        etag -> get("If-None-Match: " + notCurrent + "," + etag)),
                // RFC 9110 §14.2: a server may ignore or refuse a Range with many or overlapping ranges (the
                // "Apache Killer" amplification, CVE-2011-3192); ours merges overlaps and ignores past 16 ranges.
                // 1,000 ranges fit in the 16 KiB header section; many more would be a 431/400 case above.
                new Case("Range with 1,000 ranges", "RFC 9110 §14.2", 200,
                        etag -> get("Range: bytes=" + IntStream.range(0, 1_000).mapToObj(i -> i + "-" + i)
                                .collect(Collectors.joining(",")))),
                new Case("Range with 10 overlapping whole-representation ranges, merged into one", "RFC 9110 §14.2", 206,
                        etag -> get("Range: bytes=" + String.join(",", Collections.nCopies(10, "0-")))),
                new Case("Range field of 5,000 bytes", "RFC 9110 §14.2", 200,
                        etag -> get("Range: bytes=0-" + "0".repeat(4992))),
                new Case("Range past the end of the representation", "RFC 9110 §15.5.17", 416,
                        etag -> get("Range: bytes=999999999-")),
                new Case("malformed If-None-Match members", "RFC 9110 §8.8.3", 200,
                        etag -> get("If-None-Match: xyzzy, w/\"lower\", W /\"space\", \"unterminated")),
                new Case("If-None-Match naming the current tag without quotes", "RFC 9110 §8.8.3", 200,
                        etag -> get("If-None-Match: " + etag.substring(1, etag.length() - 1))),
                new Case("invalid If-Modified-Since date", "RFC 9110 §13.1.3", 200,
                        etag -> get("If-Modified-Since: yesterday, 25:61:61")),
                new Case("If-Modified-Since with two dates", "RFC 9110 §13.1.3", 200,
                        etag -> get("If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT, Sun, 06 Nov 2094 08:49:37 GMT")),
                new Case("PUT with a malformed If-Match", "RFC 9110 §13.1.1", 412,
                        etag -> put("If-Match: " + etag.substring(1, etag.length() - 1), "{\"a\":1}")),
                new Case("PUT with a weak If-Match of the current tag", "RFC 9110 §13.1.1", 412,
                        etag -> put("If-Match: W/" + etag, "{\"a\":1}")),
                new Case("PUT with only an invalid If-Unmodified-Since", "RFC 6585 §3, RFC 9110 §13.1.4", 428,
                        etag -> put("If-Unmodified-Since: not a date", "{\"a\":1}")),
                new Case("PUT with truncated JSON", "RFC 9110 §15.5.1", 400,
                        etag -> put("If-Match: " + etag, "{\"catalogue\": [1, 2")),
                new Case("PUT with duplicate JSON keys", "RFC 8259 §4", 400,
                        etag -> put("If-Match: " + etag, "{\"a\":1,\"a\":2}")),
                new Case("PUT declaring a 100 MB body", "RFC 9110 §15.5.14", 413,
                        etag -> putHead("If-Match: " + etag, "Content-Length: 100000000") + "{"),
                new Case("PUT with a chunked body over the limit", "RFC 9110 §15.5.14", 413,
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
                        etag -> get("If-None-Match : " + etag)),
                new Case("obsolete line folding", "RFC 9112 §5.2", 400,
                        etag -> get("If-None-Match: \"a\",\r\n " + etag)),
                new Case("NUL in a field value", "RFC 9110 §5.5", 400,
                        etag -> get("If-None-Match: \"a\u0000b\"")),
                new Case("two different Content-Length values", "RFC 9112 §6.3", 400,
                        etag -> putHead("If-Match: " + etag, "Content-Length: 7", "Content-Length: 8") + "{\"a\":1}"),
                new Case("Transfer-Encoding gzip, chunked on a request", "RFC 9112 §6.1", 501,
                        etag -> putHead("If-Match: " + etag, "Transfer-Encoding: gzip, chunked") + "0\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hostileRequestGetsItsExactStatusAndChangesNothing(Case hostile) throws Exception {
        String before = currentEtag();

        RawHttp.Response response;
        try (RawHttp connection = new RawHttp(server.port())) {
            connection.write(hostile.request().apply(before));
            response = connection.readResponse(false);
        }

        boolean unchanged = currentEtag().equals(before);
        boolean healthy = ReplicaPool.get(base).statusCode() == 200;
        LOG.record(hostile.name(), hostile.rule(), Integer.toString(hostile.expected()), Integer.toString(response.status()),
                unchanged, healthy);
        assertThat(response.text(), response.status(), is(hostile.expected()));
        if (hostile.expected() != 501 && hostile.expected() != 505) {
            // The RFCs prescribe two 5xx for hostile input: 501 for an unknown transfer coding (RFC 9112 §6.1)
            // and 505 for a version the server does not serve (RFC 9110 §15.6.6). Everything else is < 500.
            assertThat(response.status(), lessThan(500));
        }
        if (response.status() >= 400) {
            assertThat(response.header("Content-Type").orElse(""), is("application/problem+json"));
        }
        hostile.check().accept(response);
        assertThat("ETag changed", unchanged, is(true));
        assertThat("replica unhealthy afterwards", healthy, is(true));
    }

    /**
     * RFC 9112 §6.1: a request with both Content-Length and Transfer-Encoding may be rejected, and the
     * connection must be closed after responding, so a request hidden in its body is never answered.
     */
    @Test
    void requestSmuggledBehindContentLengthAndTransferEncodingIsNeverAnswered() throws Exception {
        String before = currentEtag();
        RawHttp.Response response;
        RawHttp.After after;
        try (RawHttp connection = new RawHttp(server.port())) {
            connection.write("PUT /resource HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + TOKEN + "\r\n"
                    + "Content-Type: application/json\r\nIf-Match: " + before + "\r\n"
                    + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "0\r\n\r\n"
                    + "GET /health HTTP/1.1\r\nHost: t\r\n\r\n");
            response = connection.readResponse(false);
            after = connection.after(Duration.ofSeconds(2));
        }
        boolean unchanged = currentEtag().equals(before);
        boolean healthy = ReplicaPool.get(base).statusCode() == 200;
        LOG.record("Content-Length and Transfer-Encoding, a GET smuggled behind", "RFC 9112 §6.1", "400, then close",
                response.status() + ", then " + after.name().toLowerCase(), unchanged, healthy);

        assertThat(response.status(), is(400));
        assertThat(after, is(RawHttp.After.CLOSED));
        assertThat(unchanged, is(true));
        assertThat(healthy, is(true));
    }

    /**
     * A client that hangs up in the middle of its body gets no answer (nobody is left to read one), changes
     * nothing, and is not a server failure: nothing is logged at SEVERE, which a client could otherwise
     * repeat at will to flood the log with stack traces.
     */
    @Test
    void bodyCutOffByTheClientChangesNothingAndLogsNoFailure() throws Exception {
        String before = currentEtag();
        List<LogRecord> severe = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    severe.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("");
        logger.addHandler(capture);
        try {
            for (String framing : List.of("Transfer-Encoding: chunked\r\n\r\n4000\r\n" + " ".repeat(100),
                                          "Content-Length: 1000\r\n\r\n" + " ".repeat(100))) {
                try (RawHttp connection = new RawHttp(server.port())) {
                    connection.write(putHead("If-Match: " + before, framing.split("\r\n\r\n")[0])
                            + framing.substring(framing.indexOf("\r\n\r\n") + 4));
                    Thread.sleep(300);
                }
            }
            Thread.sleep(500);
        } finally {
            logger.removeHandler(capture);
        }
        boolean unchanged = currentEtag().equals(before);
        boolean healthy = ReplicaPool.get(base).statusCode() == 200;
        LOG.record("PUT body cut off by the client (chunked, then Content-Length)", "RFC 9112 §9.6",
                "no answer, nothing logged at SEVERE", severe.size() + " SEVERE records", unchanged, healthy);

        assertThat(severe.stream().map(LogRecord::getMessage).toList(), is(List.of()));
        assertThat(unchanged, is(true));
        assertThat(healthy, is(true));
    }

    /** RFC 9110 §15.5.9: a request line followed by silence gets 408 once the header deadline passes. */
    @Test
    void requestLineFollowedBySilenceGets408AtTheHeaderDeadline() throws Exception {
        long start = System.nanoTime();
        RawHttp.Response response;
        RawHttp.After after;
        try (RawHttp connection = new RawHttp(server.port(), Duration.ofSeconds(10))) {
            connection.write("GET /resource HTTP/1.1\r\nHost: t\r\n");
            response = connection.readResponse(false);
            after = connection.after(Duration.ofSeconds(2));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        boolean healthy = ReplicaPool.get(base).statusCode() == 200;
        LOG.record("request line, then silence", "RFC 9110 §15.5.9", "408 within 2 s + 1 s, then close",
                response.status() + " after " + HostileCaseLog.seconds(took) + ", then " + after.name().toLowerCase(), true, healthy);

        assertThat(response.status(), is(408));
        assertThat(response.header("Connection").orElse(""), is("close"));
        assertThat(response.header("Content-Type").orElse(""), is("application/problem+json"));
        assertThat(HttpDate.parse(response.header("Date").orElse("")).isPresent(), is(true));
        assertThat(took, is(both(LIMITS.headerTimeout(), LIMITS.headerTimeout().plusSeconds(1))));
        assertThat(after, is(RawHttp.After.CLOSED));
        assertThat(healthy, is(true));
    }

    /** A header section trickled a byte at a time is cut off at the deadline, however steadily it arrives. */
    @Test
    void headerSectionTrickledByteByByteIsCutOffAtTheDeadline() throws Exception {
        long start = System.nanoTime();
        String outcome;
        try (RawHttp connection = new RawHttp(server.port(), Duration.ofSeconds(10))) {
            connection.write("GET /resource HTTP/1.1\r\nHost: t\r\n");
            outcome = connection.trickle("X-Slow: " + "a".repeat(100), TRICKLE_PAUSE);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        boolean healthy = ReplicaPool.get(base).statusCode() == 200;
        LOG.record("header section trickled at 5 bytes/s", "RFC 9110 §15.5.9", "408 or close within 2 s + 1 s",
                outcome + " after " + HostileCaseLog.seconds(took), true, healthy);

        assertThat(outcome, anyOf(is("408"), is("closed")));
        assertThat(took, is(both(LIMITS.headerTimeout(), LIMITS.headerTimeout().plusSeconds(1))));
        assertThat(healthy, is(true));
    }

    /** A request line trickled a byte at a time, or none at all, is closed by the idle timeout. */
    @Test
    void requestLineTrickledByteByByteIsClosedAtTheIdleTimeout() throws Exception {
        long start = System.nanoTime();
        String outcome;
        try (RawHttp connection = new RawHttp(server.port(), Duration.ofSeconds(15))) {
            outcome = connection.trickle("GET /resource?" + "a".repeat(100), TRICKLE_PAUSE);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        boolean healthy = ReplicaPool.get(base).statusCode() == 200;
        // Helidon checks idleness every max(1 s, timeout / 4) and refreshes its clock once a second.
        Duration bound = LIMITS.idleTimeout().plusSeconds(3);
        LOG.record("request line trickled at 5 bytes/s", "RFC 9112 §9.5", "close within 3 s + 3 s",
                outcome + " after " + HostileCaseLog.seconds(took), true, healthy);

        assertThat(outcome, is("closed"));
        assertThat(took, is(both(LIMITS.idleTimeout().minusSeconds(1), bound)));
        assertThat(healthy, is(true));
    }

    /**
     * RFC 9110 §15.5.9: a body that stops half-way gets 408 once the body deadline passes (2 s, plus 0.2 s
     * earned by the 100 bytes sent at 500 bytes/s), the connection is closed, and nothing is written.
     */
    @Test
    void bodyStoppedHalfWayGets408AtTheBodyDeadline() throws Exception {
        String before = currentEtag();
        long start = System.nanoTime();
        RawHttp.Response response;
        RawHttp.After after;
        try (RawHttp connection = new RawHttp(server.port(), Duration.ofSeconds(10))) {
            connection.write(putHead("If-Match: " + before, "Content-Length: 1000") + "{\"a\":\"" + "x".repeat(94));
            response = connection.readResponse(false);
            after = connection.after(Duration.ofSeconds(2));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        boolean unchanged = currentEtag().equals(before);
        boolean healthy = ReplicaPool.get(base).statusCode() == 200;
        LOG.record("PUT body stopped after 100 of 1,000 bytes", "RFC 9110 §15.5.9", "408 within 2.2 s + 1 s, then close",
                response.status() + " after " + HostileCaseLog.seconds(took) + ", then " + after.name().toLowerCase(), unchanged, healthy);

        assertThat(response.status(), is(408));
        assertThat(response.header("Connection").orElse(""), is("close"));
        assertThat(response.header("Content-Type").orElse(""), is("application/problem+json"));
        assertThat(took, is(both(LIMITS.bodyTimeout(), LIMITS.bodyTimeout().plusMillis(1200))));
        assertThat(after, is(RawHttp.After.CLOSED));
        assertThat("ETag changed", unchanged, is(true));
        assertThat(healthy, is(true));
    }

    /** A body trickled at 5 bytes/s, far below the 500 bytes/s that would extend the deadline, is cut off. */
    @Test
    void bodyTrickledBelowTheMinimumRateIsCutOffAtTheDeadline() throws Exception {
        String before = currentEtag();
        long start = System.nanoTime();
        String outcome;
        try (RawHttp connection = new RawHttp(server.port(), Duration.ofSeconds(10))) {
            connection.write(putHead("If-Match: " + before, "Content-Length: 1000"));
            outcome = connection.trickle("{\"a\":\"" + "x".repeat(200), TRICKLE_PAUSE);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        boolean unchanged = currentEtag().equals(before);
        boolean healthy = ReplicaPool.get(base).statusCode() == 200;
        LOG.record("PUT body trickled at 5 bytes/s", "RFC 9110 §15.5.9", "408 or close within 2 s + 1 s",
                outcome + " after " + HostileCaseLog.seconds(took), unchanged, healthy);

        assertThat(outcome, anyOf(is("408"), is("closed")));
        assertThat(took, is(both(LIMITS.bodyTimeout(), LIMITS.bodyTimeout().plusSeconds(1))));
        assertThat("ETag changed", unchanged, is(true));
        assertThat(healthy, is(true));
    }

    /**
     * The other side of the rule: a body that pauses for longer than half the deadline, twice, but keeps up the
     * minimum rate overall, is accepted (1,500 bytes earn 3 s on top of the 2 s; the pauses total 2.4 s).
     */
    @Test
    void bodyWithPausesThatKeepsUpTheMinimumRateIsAccepted() throws Exception {
        String before = currentEtag();
        String json = "{\"a\":\"" + "x".repeat(1500 - 8) + "\"}";
        RawHttp.Response response;
        try (RawHttp connection = new RawHttp(server.port(), Duration.ofSeconds(10))) {
            connection.write(putHead("If-Match: " + before, "Content-Length: " + json.length()) + json.substring(0, 500));
            Thread.sleep(1200);
            connection.write(json.substring(500, 1000));
            Thread.sleep(1200);
            connection.write(json.substring(1000));
            response = connection.readResponse(false);
        }
        boolean healthy = ReplicaPool.get(base).statusCode() == 200;

        // Not a row of the hostile-input table: the write is meant to succeed and change the document.
        assertThat(response.text(), response.status(), is(204));
        assertThat(healthy, is(true));
    }

    private static org.hamcrest.Matcher<Duration> both(Duration min, Duration max) {
        return org.hamcrest.Matchers.allOf(greaterThanOrEqualTo(min), org.hamcrest.Matchers.lessThanOrEqualTo(max));
    }

    private static String currentEtag() throws Exception {
        HttpResponse<byte[]> response = ReplicaPool.get(base);
        assertThat(response.statusCode(), is(200));
        return ReplicaPool.header(response, "ETag");
    }

    private static String get(String field) {
        return "GET /resource HTTP/1.1\r\nHost: t\r\n" + field + "\r\n\r\n";
    }

    private static String put(String precondition, String json) {
        return putHead(precondition, "Content-Length: " + json.getBytes(StandardCharsets.UTF_8).length) + json;
    }

    private static String putHead(String precondition, String... framing) {
        return "PUT /resource HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + TOKEN + "\r\n"
                + "Content-Type: application/json\r\n" + precondition + "\r\n"
                + String.join("\r\n", framing) + "\r\n\r\n";
    }

}
