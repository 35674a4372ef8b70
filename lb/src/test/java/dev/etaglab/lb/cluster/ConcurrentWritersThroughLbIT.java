package dev.etaglab.lb.cluster;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lost updates, the other thing ETags are for (RFC 9110 §13.1.1): writers racing conditional PUTs with the
 * same If-Match, half through the real balancer and half straight to different replica processes. Every
 * round, exactly one wins and the rest get 412; the winner's document is what every replica serves next,
 * and the next round starts from its tag — so no acknowledged write is ever overwritten unseen.
 */
class ConcurrentWritersThroughLbIT {

    private static final Path REPO = Path.of(System.getProperty("etaglab.repo.root", ".."));
    private static final int ROUNDS = 5;
    private static final int WRITERS = 12;

    @TempDir
    Path work;

    @Test
    void exactlyOneWriterWinsEachVersionThroughTheBalancerAndDirectly() throws Exception {
        try (RunningCluster cluster = Cluster.start(ClusterSpec.defaults(REPO, work),
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
             ExecutorService pool = Executors.newFixedThreadPool(WRITERS)) {
            List<URI> targets = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                targets.add(i % 2 == 0 ? cluster.lbUri() : cluster.replicaUris().get(i / 2 % cluster.replicaUris().size()));
            }
            String etag = get(cluster.lbUri()).headers().firstValue("ETag").orElseThrow();
            for (int round = 0; round < ROUNDS; round++) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<HttpResponse<String>>> results = new ArrayList<>();
                String ifMatch = etag;
                for (int w = 0; w < WRITERS; w++) {
                    String body = "{\"round\":" + round + ",\"writer\":" + w + "}";
                    URI target = targets.get(w);
                    results.add(pool.submit(() -> {
                        go.await();
                        return put(cluster, target, ifMatch, body);
                    }));
                }
                go.countDown();
                int won = 0;
                String winner = null;
                for (int w = 0; w < WRITERS; w++) {
                    HttpResponse<String> response = results.get(w).get();
                    if (response.statusCode() == 204) {
                        won++;
                        winner = "{\"round\":" + round + ",\"writer\":" + w + "}";
                        etag = response.headers().firstValue("ETag").orElseThrow();
                    } else {
                        assertThat("writer " + w + " in round " + round + ": " + response.body(),
                                response.statusCode(), is(412));
                    }
                }
                assertThat("winners in round " + round, won, is(1));
                for (URI replica : cluster.replicaUris()) {
                    assertServes(replica, winner, etag);
                }
            }
        }
    }

    private static void assertServes(URI replica, String body, String etag) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        HttpResponse<String> response;
        do {
            response = get(replica);
            if (response.body().equals(body)) {
                assertThat(response.headers().firstValue("ETag").orElseThrow(), is(etag));
                return;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(replica + " still serves " + response.body() + " instead of the winner " + body);
    }

    private static HttpResponse<String> get(URI base) throws Exception {
        return Cluster.HTTP.send(HttpRequest.newBuilder(base.resolve("/resource")).timeout(Duration.ofSeconds(10))
                .header("Accept-Encoding", "identity").build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> put(RunningCluster cluster, URI base, String ifMatch, String body)
            throws Exception {
        return Cluster.HTTP.send(HttpRequest.newBuilder(base.resolve("/resource")).timeout(Duration.ofSeconds(15))
                        .header("Authorization", "Bearer " + cluster.spec().writeToken())
                        .header("Content-Type", "application/json")
                        .header("If-Match", ifMatch)
                        .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
