package dev.etaglab.server.app;

import static dev.etaglab.server.app.ReplicaPool.get;
import static dev.etaglab.server.app.ReplicaPool.header;
import static dev.etaglab.server.app.ReplicaPool.put;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The heart of the lab, over real sockets: two replicas sharing one origin serve byte-identical
 * content; content-derived strategies agree on every validator, node-local ones do not.
 */
class ReplicaAgreementIT {

    @TempDir
    Path root;

    @ParameterizedTest
    @ValueSource(strings = {"sha256", "sha256-cached", "xxh3", "xxh3-cached", "xxh64", "xxh64-cached"})
    void contentDerivedStrategiesAgreeOnEtagAndLastModified(String etag) throws Exception {
        try (var pool = new ReplicaPool(root)) {
            // Different deploy drifts on purpose: content-derived validators must not care.
            URI a = pool.start(etag, UnaryOperator.identity());
            URI b = pool.start(etag, s -> s.withDeployDrift(Duration.ofSeconds(3)));
            HttpResponse<byte[]> fromA = get(a);
            HttpResponse<byte[]> fromB = get(b);
            assertThat(fromB.body(), is(fromA.body()));
            assertThat(header(fromB, "ETag"), is(header(fromA, "ETag")));
            assertThat(header(fromB, "Last-Modified"), is(header(fromA, "Last-Modified")));
            // So a client that polled A revalidates successfully against B.
            assertThat(get(b, "If-None-Match", header(fromA, "ETag")).statusCode(), is(304));
            // The gzip variant too: identical bytes (same build, fixed deflater settings), one strong tag.
            HttpResponse<byte[]> gzipA = get(a, "Accept-Encoding", "gzip");
            HttpResponse<byte[]> gzipB = get(b, "Accept-Encoding", "gzip");
            assertThat(gzipB.body(), is(gzipA.body()));
            assertThat(header(gzipB, "ETag"), is(header(gzipA, "ETag")));
            HttpResponse<byte[]> revalidated = get(b, "Accept-Encoding", "gzip", "If-None-Match", header(gzipA, "ETag"));
            assertThat(revalidated.statusCode(), is(304));
            assertThat(header(revalidated, "ETag"), is(header(gzipA, "ETag")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"inode", "mtime", "process"})
    void nodeLocalStrategiesDisagreeOnIdenticalContent(String etag) throws Exception {
        try (var pool = new ReplicaPool(root)) {
            URI a = pool.start(etag, UnaryOperator.identity());
            // A deploy that reached B two seconds later: what breaks mtime (inode and process break anyway).
            URI b = pool.start(etag, s -> s.withDeployDrift(Duration.ofSeconds(2)));
            HttpResponse<byte[]> fromA = get(a);
            HttpResponse<byte[]> fromB = get(b);
            assertThat(fromB.body(), is(fromA.body()));
            assertThat(header(fromB, "ETag"), is(not(header(fromA, "ETag"))));
            // The incident: a client that polled A gets the full body again from B.
            assertThat(get(b, "If-None-Match", header(fromA, "ETag")).statusCode(), is(200));
            // The suffix does not hide it: the gzip variants disagree as well, and revalidate only locally.
            String gzipTagA = header(get(a, "Accept-Encoding", "gzip"), "ETag");
            assertThat(gzipTagA.endsWith("-gz\""), is(true));
            assertThat(header(get(b, "Accept-Encoding", "gzip"), "ETag"), is(not(gzipTagA)));
            assertThat(get(a, "Accept-Encoding", "gzip", "If-None-Match", gzipTagA).statusCode(), is(304));
            assertThat(get(b, "Accept-Encoding", "gzip", "If-None-Match", gzipTagA).statusCode(), is(200));
        }
    }

    @Test
    void aWriteIsServedByItsReplicaAtOnceAndByTheOthersAfterTheirNextSync() throws Exception {
        try (var pool = new ReplicaPool(root)) {
            URI a = pool.start("sha256-cached", UnaryOperator.identity());
            URI b = pool.start("sha256-cached", UnaryOperator.identity());
            String before = header(get(a), "ETag");
            HttpResponse<String> written = put(a, before, "{\"changed\":true}");
            assertThat(written.statusCode(), is(204));
            String after = header(written, "ETag");
            // The accepting replica: from the very next request.
            assertThat(header(get(a), "ETag"), is(after));
            // Any other replica: after its origin poll (documented bound: --sync-interval, 200 ms by default).
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            String seenByB = header(get(b), "ETag");
            while (!seenByB.equals(after) && System.nanoTime() < deadline) {
                Thread.sleep(20);
                seenByB = header(get(b), "ETag");
            }
            assertThat(seenByB, is(after));
            assertThat(get(b, "If-None-Match", before).statusCode(), is(200));
            assertThat(get(b, "If-None-Match", after).statusCode(), is(304));
        }
    }
}
