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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How a response ends, on raw sockets, at a real replica (server.jar) and through the real balancer (lb.jar)
 * in front of it, both started by the cluster launcher: a 304 ends at its header section and claims no length.
 */
class ResponseEndIT {

    private static final Path REPO = Path.of(System.getProperty("etaglab.repo.root", ".."));

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

    private static int port(String hop) {
        return (hop.equals("lb") ? cluster.lbUri() : cluster.replicaUris().getFirst()).getPort();
    }
}
