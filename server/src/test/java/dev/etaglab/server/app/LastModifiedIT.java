package dev.etaglab.server.app;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-second blind spot of Last-Modified (RFC 9110 §8.8.2.2), over real sockets, on a clock the
 * test moves: version 1 at 12:00:00.100, version 2 at 12:00:00.700 — one Last-Modified for both.
 */
class LastModifiedIT {

    private static final Instant SEEDED = Instant.parse("2026-11-25T12:00:00.100Z");
    private static final Instant SECOND_WRITE = Instant.parse("2026-11-25T12:00:00.700Z");
    private static final Instant NEXT_SECOND = Instant.parse("2026-11-25T12:00:01.300Z");

    @TempDir
    Path root;

    private final MovableClock clock = new MovableClock(SEEDED);
    private Replica replica;
    private WebServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        if (replica != null) {
            replica.close();
        }
    }

    private URI start(LastModifiedPolicy policy) throws IOException {
        replica = Replica.create(ReplicaSettings.loopback(root.resolve("replica"), root.resolve("origin"),
                "sha256-cached").withWriteToken(ReplicaPool.TOKEN).withLastModified(policy), clock);
        server = replica.start();
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /** What the client kept from its first fetch, then the second write within the same second. */
    private record Seen(String etag, String lastModified) {
    }

    private Seen fetchThenRewriteWithinTheSecond(URI base) throws Exception {
        HttpResponse<byte[]> first = ReplicaPool.get(base);
        Seen seen = new Seen(ReplicaPool.header(first, "ETag"), ReplicaPool.header(first, "Last-Modified"));
        clock.set(SECOND_WRITE);
        HttpResponse<String> put = ReplicaPool.put(base, seen.etag(), "{\"version\":2}");
        assertThat(put.statusCode(), is(204));
        clock.set(NEXT_SECOND);
        return seen;
    }

    @Test
    void ifModifiedSinceEqualToAStrongLastModifiedGives304() throws Exception {
        URI base = start(LastModifiedPolicy.GUARDED);
        String lastModified = ReplicaPool.header(ReplicaPool.get(base), "Last-Modified");
        assertThat(ReplicaPool.get(base, "If-Modified-Since", lastModified).statusCode(), is(304));
    }

    @Test
    void naiveLastModifiedGivesAStale304AfterTwoWritesInOneSecond() throws Exception {
        URI base = start(LastModifiedPolicy.NAIVE);
        Seen seen = fetchThenRewriteWithinTheSecond(base);
        HttpResponse<byte[]> revalidated = ReplicaPool.get(base, "If-Modified-Since", seen.lastModified());
        // The bug, reproduced: the client keeps version 1 although version 2 is served.
        assertThat(revalidated.statusCode(), is(304));
        assertThat(ReplicaPool.header(revalidated, "ETag"), is(not(seen.etag())));
    }

    @Test
    void guardedLastModifiedAnswers200AfterTwoWritesInOneSecond() throws Exception {
        URI base = start(LastModifiedPolicy.GUARDED);
        Seen seen = fetchThenRewriteWithinTheSecond(base);
        HttpResponse<byte[]> revalidated = ReplicaPool.get(base, "If-Modified-Since", seen.lastModified());
        assertThat(revalidated.statusCode(), is(200));
        assertThat(new String(revalidated.body(), java.nio.charset.StandardCharsets.UTF_8), is("{\"version\":2}"));
        assertThat(ReplicaPool.header(revalidated, "Last-Modified"), is(seen.lastModified()));
    }

    @Test
    void ifNoneMatchIsCorrectInBothModes() throws Exception {
        for (LastModifiedPolicy policy : LastModifiedPolicy.values()) {
            URI base = start(policy);
            Seen seen = fetchThenRewriteWithinTheSecond(base);
            // Browsers send both; If-None-Match wins (§13.1.3) and the tag did change.
            assertThat(policy.name(), ReplicaPool.get(base, "If-None-Match", seen.etag(),
                    "If-Modified-Since", seen.lastModified()).statusCode(), is(200));
            stop();
            root = root.resolve(policy.cliName());
            clock.set(SEEDED);
        }
    }

    @Test
    void guardedIfRangeDateNeverMatchesAWeakLastModified() throws Exception {
        URI base = start(LastModifiedPolicy.GUARDED);
        Seen seen = fetchThenRewriteWithinTheSecond(base);
        // Splicing bytes 0-9 of version 2 onto the client's version 1 would corrupt it: full 200.
        assertThat(ReplicaPool.get(base, "Range", "bytes=0-9", "If-Range", seen.lastModified()).statusCode(),
                is(200));
    }

    @Test
    void naiveIfRangeDateMatchesAndRangesTheWrongVersion() throws Exception {
        URI base = start(LastModifiedPolicy.NAIVE);
        Seen seen = fetchThenRewriteWithinTheSecond(base);
        assertThat(ReplicaPool.get(base, "Range", "bytes=0-9", "If-Range", seen.lastModified()).statusCode(),
                is(206));
    }

    @Test
    void guardedIfUnmodifiedSinceNamingTheAmbiguousSecondRefusesTheWrite() throws Exception {
        URI base = start(LastModifiedPolicy.GUARDED);
        Seen seen = fetchThenRewriteWithinTheSecond(base);
        HttpResponse<String> put = ReplicaPool.CLIENT.send(java.net.http.HttpRequest.newBuilder(base.resolve("/resource"))
                        .header("Authorization", "Bearer " + ReplicaPool.TOKEN)
                        .header("Content-Type", "application/json")
                        .header("If-Unmodified-Since", seen.lastModified())
                        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"version\":3}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode(), is(412));
    }

    @Test
    void aWriteInALaterSecondMakesLastModifiedStrongAgain() throws Exception {
        URI base = start(LastModifiedPolicy.GUARDED);
        fetchThenRewriteWithinTheSecond(base);
        HttpResponse<byte[]> v2 = ReplicaPool.get(base);
        assertThat(ReplicaPool.put(base, ReplicaPool.header(v2, "ETag"), "{\"version\":3}").statusCode(), is(204));
        String lastModified = ReplicaPool.header(ReplicaPool.get(base), "Last-Modified");
        assertThat(ReplicaPool.get(base, "If-Modified-Since", lastModified).statusCode(), is(304));
    }

    /** A clock the test sets; the replica reads it for version times and Date. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
