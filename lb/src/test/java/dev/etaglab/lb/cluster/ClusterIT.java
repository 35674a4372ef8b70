package dev.etaglab.lb.cluster;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import dev.etaglab.lb.wirecheck.WireCheck;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing: three replica JVMs behind the load balancer JVM, started by the launcher; the wire
 * check fails on a node-local strategy and passes on a content-derived one; nothing outlives close().
 */
class ClusterIT {

    private static final Path REPO = Path.of(System.getProperty("etaglab.repo.root", ".."));

    @TempDir
    Path work;

    @Test
    void wireCheckFailsOnMtimeTagsAndTheClusterLeavesNoProcessBehind() throws Exception {
        List<Long> pids;
        String report;
        try (RunningCluster cluster = Cluster.start(spec("mtime"), quiet())) {
            pids = cluster.pids().subList(1, cluster.pids().size());
            assertThat(pids.stream().allMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)),
                    is(true));
            var out = new ByteArrayOutputStream();
            WireCheck.Verdict verdict = WireCheck.run(cluster.replicaUris(), cluster.lbUri(), 6,
                    new PrintStream(out, true, StandardCharsets.UTF_8));
            report = out.toString(StandardCharsets.UTF_8);
            assertThat(report, verdict.consistent(), is(false));
        }
        assertThat(report, containsString("RESULT: FAIL"));
        for (long pid : pids) {
            assertThat("process " + pid + " outlived the cluster",
                    ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), is(false));
        }
    }

    @Test
    void wireCheckPassesOnContentDerivedTagsAndTheLoadBalancerServesTheResource() throws Exception {
        try (RunningCluster cluster = Cluster.start(spec("sha256-cached"), quiet())) {
            var out = new ByteArrayOutputStream();
            WireCheck.Verdict verdict = WireCheck.run(cluster.replicaUris(), cluster.lbUri(), 6,
                    new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(out.toString(StandardCharsets.UTF_8), verdict.consistent(), is(true));
            HttpResponse<String> response = Cluster.HTTP.send(HttpRequest.newBuilder(cluster.lbUri().resolve("/resource"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode(), is(200));
        }
    }

    @Test
    void theReplicasGzipVariantAndItsRangesPassThroughTheLoadBalancerByteForByte() throws Exception {
        try (RunningCluster cluster = Cluster.start(spec("sha256-cached"), quiet())) {
            var direct = get(cluster.replicaUris().getFirst(), "Accept-Encoding", "gzip");
            var viaLb = get(cluster.lbUri(), "Accept-Encoding", "gzip");
            assertThat(viaLb.statusCode(), is(200));
            assertThat(viaLb.headers().firstValue("Content-Encoding").orElse(null), is("gzip"));
            assertThat(viaLb.headers().firstValue("Vary").orElse(null), is("Accept-Encoding"));
            assertThat(viaLb.body(), is(direct.body()));
            String gzipTag = viaLb.headers().firstValue("ETag").orElseThrow();
            assertThat(gzipTag, is(direct.headers().firstValue("ETag").orElseThrow()));
            // The 304 through the LB echoes the gzip variant's own tag, from whichever replica answers.
            for (int i = 0; i < 3; i++) {
                var revalidated = get(cluster.lbUri(), "Accept-Encoding", "gzip", "If-None-Match", gzipTag);
                assertThat(revalidated.statusCode(), is(304));
                assertThat(revalidated.headers().firstValue("ETag").orElse(null), is(gzipTag));
            }
            var partial = get(cluster.lbUri(), "Accept-Encoding", "gzip", "Range", "bytes=10-29", "If-Range", gzipTag);
            assertThat(partial.statusCode(), is(206));
            assertThat(partial.headers().firstValue("Content-Range").orElse(null),
                    is("bytes 10-29/" + direct.body().length));
            assertThat(partial.body(), is(java.util.Arrays.copyOfRange(direct.body(), 10, 30)));
        }
    }

    private static HttpResponse<byte[]> get(java.net.URI base, String... headers) throws Exception {
        return Cluster.HTTP.send(HttpRequest.newBuilder(base.resolve("/resource")).headers(headers)
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private ClusterSpec spec(String etag) {
        return ClusterSpec.defaults(REPO, work).withEtag(etag);
    }

    private static PrintStream quiet() {
        return new PrintStream(PrintStream.nullOutputStream());
    }
}
