package dev.etaglab.lb;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import dev.etaglab.lb.cluster.Cluster;
import dev.etaglab.lb.cluster.ClusterSpec;
import dev.etaglab.lb.cluster.RunningCluster;
import dev.etaglab.support.testing.RawHttp;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How a response ends, on raw sockets, at a real replica (server.jar) and through the real balancer (lb.jar)
 * in front of it, both started by the cluster launcher: a 304 ends at its header section and claims no length,
 * and a request carrying {@code Connection: close} gets its response and then the end of the connection.
 */
class ResponseEndIT {

    private static final Path REPO = Path.of(System.getProperty("etaglab.repo.root", ".."));
    /* Far below the idle timeout (30 s) that used to end such a connection. */
    private static final Duration PROMPTLY = Duration.ofSeconds(2);

    @TempDir
    static Path work;
    private static RunningCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = Cluster.start(ClusterSpec.defaults(REPO, work).withReplicas(1).withSeedSize("4KiB"),
                new PrintStream(PrintStream.nullOutputStream()));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    static Stream<String> hops() {
        return Stream.of("replica", "lb");
    }

    static Stream<Arguments> hopsAndStatuses() {
        return hops().flatMap(hop -> Stream.of(200, 206, 304).map(status -> Arguments.of(hop, status)));
    }

    /**
     * RFC 9110 §8.6: no Content-Length in a 304 unless it is the 200's; the replica sends none and the balancer
     * invents none. §15.4.5: the 304 ends at its header section, so the same connection answers the next request.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("hops")
    void notModifiedCarriesNoContentLength(String hop) throws IOException {
        try (RawHttp connection = new RawHttp(port(hop))) {
            String etag = connection.exchange("HEAD /resource HTTP/1.1", "Host: t").header("ETag").orElseThrow();
            RawHttp.Response notModified = connection.exchange("GET /resource HTTP/1.1", "Host: t",
                    "If-None-Match: " + etag);
            assertThat(notModified.status(), is(304));
            assertThat(notModified.headerNames(), not(hasItem("content-length")));
            assertThat(notModified.headerNames(), not(hasItem("transfer-encoding")));
            assertThat(notModified.header("ETag").orElse(""), is(etag));

            RawHttp.Response next = connection.exchange("GET /resource HTTP/1.1", "Host: t");
            assertThat(next.status(), is(200));
            assertThat(next.header("ETag").orElse(""), is(etag));
        }
    }

    /** RFC 9112 §9.6: after the response to a request carrying "close", the server closes the connection. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("hopsAndStatuses")
    void connectionCloseClosesTheConnectionAfterTheResponse(String hop, int status) throws IOException {
        String etag;
        try (RawHttp connection = new RawHttp(port(hop))) {
            etag = connection.exchange("HEAD /resource HTTP/1.1", "Host: t").header("ETag").orElseThrow();
        }
        String field = switch (status) {
            case 206 -> "Range: bytes=0-9";
            case 304 -> "If-None-Match: " + etag;
            default -> "Accept: application/json";
        };
        try (RawHttp connection = new RawHttp(port(hop))) {
            RawHttp.Response response = connection.exchange("GET /resource HTTP/1.1", "Host: t", field,
                    "Connection: close");
            assertThat(response.status(), is(status));
            assertThat(response.header("Connection").orElse(""), is("close"));
            assertThat(connection.after(PROMPTLY), is(RawHttp.After.CLOSED));
        }
    }

    private static int port(String hop) {
        return (hop.equals("lb") ? cluster.lbUri() : cluster.replicaUris().getFirst()).getPort();
    }
}
