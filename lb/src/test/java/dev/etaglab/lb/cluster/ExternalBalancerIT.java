package dev.etaglab.lb.cluster;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import dev.etaglab.lb.ExternalTool;
import dev.etaglab.lb.wirecheck.WireCheck;
import dev.etaglab.support.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The shipped nginx and HAProxy configs as the cluster's balancer, for real (Debian packages): they pass
 * validators through, replicas with a content-derived tag agree through them, their access logs count
 * exactly the bytes a client received, and nothing outlives the cluster.
 *
 * <p>Skipped where the balancer is not installed, unless {@code ETAGLAB_REQUIRE_TOOLS=1} (see
 * {@link ExternalTool}).
 */
class ExternalBalancerIT {

    private static final Path REPO = Path.of(System.getProperty("etaglab.repo.root", ".."));

    @TempDir
    Path work;

    @ParameterizedTest
    @EnumSource(value = Balancer.class, names = {"NGINX", "HAPROXY"})
    void conditionalRequestsPassThroughAndTheAccessLogCountsEveryByteTheClientReceived(Balancer balancer)
            throws Exception {
        requireInstalled(balancer);
        List<Long> pids;
        try (RunningCluster cluster = Cluster.start(spec(balancer, "sha256-cached"), quiet())) {
            pids = cluster.pids().subList(1, cluster.pids().size());
            var wire = new ByteArrayOutputStream();
            boolean consistent = WireCheck.run(cluster.replicaUris(), cluster.lbUri(), 6,
                    new PrintStream(wire, true, StandardCharsets.UTF_8)).consistent();
            assertThat(wire.toString(StandardCharsets.UTF_8), consistent, is(true));
            Path accessLog = cluster.accessLog().orElseThrow();
            EgressLog.Totals before = EgressLog.read(balancer, accessLog);

            Map<String, Long> received = new TreeMap<>();
            try (var client = new RawHttp(cluster.lbUri().getPort())) {
                RawHttp.Response full = client.exchange("GET /resource HTTP/1.1", "Host: 127.0.0.1");
                assertThat(full.status(), is(200));
                received.merge("200", full.wireBytes(), Long::sum);
                String etag = full.header("ETag").orElseThrow();
                for (int i = 0; i < 6; i++) { // every replica, twice: all answer 304 to one tag
                    RawHttp.Response notModified = client.exchange("GET /resource HTTP/1.1", "Host: 127.0.0.1",
                            "If-None-Match: " + etag);
                    assertThat(notModified.status(), is(304));
                    assertThat(notModified.header("ETag").orElseThrow(), is(etag));
                    received.merge("304", notModified.wireBytes(), Long::sum);
                }
                RawHttp.Response head = client.exchange("HEAD /resource HTTP/1.1", "Host: 127.0.0.1");
                received.merge("200", head.wireBytes(), Long::sum);
            }
            EgressLog.Totals after = awaitLogged(balancer, accessLog, before, 8);
            assertThat(after.unmeasured() - before.unmeasured(), is(0L));
            for (String code : received.keySet()) {
                assertThat(balancer + " egress for " + code, after.egressBytes().get(code)
                        - before.egressBytes().getOrDefault(code, 0L), is(received.get(code)));
            }
        }
        assertThat(pids.stream().filter(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)).toList(),
                is(empty()));
        assertThat("a " + balancer + " process outlived the cluster", ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(work.toString())).toList(), is(empty()));
    }

    @ParameterizedTest
    @EnumSource(value = Balancer.class, names = {"NGINX", "HAPROXY"})
    void nodeLocalTagsBreakRevalidationThroughThisBalancerToo(Balancer balancer) throws Exception {
        requireInstalled(balancer);
        try (RunningCluster cluster = Cluster.start(spec(balancer, "mtime"), quiet())) {
            var wire = new ByteArrayOutputStream();
            boolean consistent = WireCheck.run(cluster.replicaUris(), cluster.lbUri(), 6,
                    new PrintStream(wire, true, StandardCharsets.UTF_8)).consistent();
            assertThat(consistent, is(false));
            assertThat(wire.toString(StandardCharsets.UTF_8), containsString("RESULT: FAIL"));
        }
    }

    /* The balancer writes its log line after the response: give it a moment, bounded. */
    private static EgressLog.Totals awaitLogged(Balancer balancer, Path log, EgressLog.Totals before, long responses)
            throws Exception {
        long wanted = before.responses().values().stream().mapToLong(Long::longValue).sum() + responses;
        EgressLog.Totals now = EgressLog.read(balancer, log);
        for (int i = 0; i < 50 && now.responses().values().stream().mapToLong(Long::longValue).sum() < wanted; i++) {
            Thread.sleep(100);
            now = EgressLog.read(balancer, log);
        }
        assertThat(now.responses().values().stream().mapToLong(Long::longValue).sum(), is(wanted));
        return now;
    }

    private static void requireInstalled(Balancer balancer) {
        ExternalTool.require(balancer.label(), balancer.label());
    }

    private ClusterSpec spec(Balancer balancer, String etag) {
        return ClusterSpec.defaults(REPO, work).withEtag(etag).withBalancer(balancer);
    }

    private static PrintStream quiet() {
        return new PrintStream(PrintStream.nullOutputStream());
    }
}
