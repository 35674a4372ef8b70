package dev.etaglab.server.app;

import static dev.etaglab.server.app.ReplicaPool.get;
import static dev.etaglab.server.app.ReplicaPool.header;
import static dev.etaglab.server.app.ReplicaPool.put;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conditional PUTs racing through different replicas with the same If-Match: the compare-and-set on
 * the origin lets exactly one win; the others get 412 and nothing is lost.
 */
class ConcurrentWritersIT {

    private static final int WRITERS = 12;

    @TempDir
    Path root;

    @RepeatedTest(3)
    void exactlyOneOfManyRacingConditionalPutsWins() throws Exception {
        try (var pool = new ReplicaPool(root)) {
            List<URI> replicas = List.of(pool.start("sha256-cached", UnaryOperator.identity()),
                    pool.start("sha256-cached", UnaryOperator.identity()),
                    pool.start("sha256-cached", UnaryOperator.identity()));
            String etag = header(get(replicas.getFirst()), "ETag");
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> statuses = new ArrayList<>();
            try (ExecutorService writers = Executors.newFixedThreadPool(WRITERS)) {
                for (int i = 0; i < WRITERS; i++) {
                    URI target = replicas.get(i % replicas.size());
                    String body = "{\"writer\":" + i + "}";
                    statuses.add(writers.submit(() -> {
                        start.await();
                        return put(target, etag, body).statusCode();
                    }));
                }
                start.countDown();
                int won = 0;
                int refused = 0;
                for (Future<Integer> s : statuses) {
                    int status = s.get();
                    won += status == 204 ? 1 : 0;
                    refused += status == 412 ? 1 : 0;
                }
                assertThat(won, is(1));
                assertThat(refused, is(WRITERS - 1));
            }
            // The winner's document is what every replica converges to.
            String winner = new String(get(replicas.getFirst()).body(), StandardCharsets.UTF_8);
            assertThat(winner.startsWith("{\"writer\":"), is(true));
        }
    }
}
