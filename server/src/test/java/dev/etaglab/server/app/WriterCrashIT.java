package dev.etaglab.server.app;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.in;
import static org.hamcrest.Matchers.is;

import dev.etaglab.server.etag.ContentHashes;
import dev.etaglab.server.store.DirectoryOrigin;
import dev.etaglab.server.store.StoredDocument;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the <em>writer</em>: a client JVM streaming conditional PUTs to two replicas dies at random
 * moments, often with a body half sent. A truncated body must never be stored (RFC 9112 §6.3: a message
 * shorter than its Content-Length is incomplete); after each crash the origin holds the last acknowledged
 * version or the one in flight, every replica converges to it, its ETag matches its bytes, and the next
 * writer carries on from it.
 */
class WriterCrashIT {

    private static final int ROUNDS = 8;
    private static final String PADDING = "y".repeat(200 * 1024); // ~13 chunks: kills land mid-body

    @TempDir
    Path root;

    static byte[] body(int n) {
        return ("{\"write\":" + n + ",\"padding\":\"" + PADDING + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void killingTheWriterMidBodyNeverStoresATornOrUnacknowledgedDocument() throws Exception {
        Random random = new Random(7);
        int totalAcks = 0;
        try (var pool = new ReplicaPool(root)) {
            List<URI> replicas = List.of(pool.start("sha256-cached", s -> s), pool.start("sha256-cached", s -> s));
            int acknowledgedBefore = 0; // 0 = the seed document
            for (int round = 0; round < ROUNDS; round++) {
                String before = new String(ReplicaPool.get(replicas.get(0)).body(), StandardCharsets.UTF_8);
                Process writer = startWriter(replicas);
                List<String> lines = new ArrayList<>();
                Thread reader = Thread.ofPlatform().start(() -> readLines(writer, lines));
                Thread.sleep(300 + random.nextInt(700));
                writer.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: its sockets close mid-body
                reader.join(10_000);

                int acked = lines.stream().filter(l -> l.startsWith("ACK ")).mapToInt(WriterCrashIT::number).max()
                        .orElse(0);
                int sent = lines.stream().filter(l -> l.startsWith("SENDING ")).mapToInt(WriterCrashIT::number).max()
                        .orElse(0);
                totalAcks += acked;
                List<String> allowed = new ArrayList<>();
                allowed.add(acked == 0 ? before : new String(body(acked), StandardCharsets.UTF_8));
                if (sent > acked) {
                    allowed.add(new String(body(sent), StandardCharsets.UTF_8)); // in flight: may have landed
                }
                // Not read once right after the kill: a PUT whose body had fully arrived is still being handled, and
                // may land the in-flight version a moment later. Wait until the replicas and the origin agree.
                StoredDocument stored = awaitConvergence(new DirectoryOrigin(root.resolve("origin")), replicas);
                String storedBody = new String(stored.body(), StandardCharsets.UTF_8);
                assertThat("round " + round + ": " + acked + " acknowledged, " + sent + " sent; origin holds "
                        + storedBody.substring(0, Math.min(20, storedBody.length())), storedBody, is(in(allowed)));
                System.out.printf("round %d: writer killed after %d acknowledged writes, write %d in flight; origin "
                        + "holds the %s%n", round, acked, sent, sent > acked && storedBody.equals(allowed.getLast())
                        ? "in-flight one" : acked == 0 ? "previous round's document" : "last acknowledged one");
                acknowledgedBefore = acked;
            }
            assertThat("the writers got writes acknowledged at all (last round: " + acknowledgedBefore + ")",
                    totalAcks, greaterThan(0));
        }
    }

    /**
     * The origin's document once every replica serves it with the ETag of its bytes; the origin is read again
     * on each attempt (reading it throws if it is torn).
     */
    private static StoredDocument awaitConvergence(DirectoryOrigin origin, List<URI> replicas) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            StoredDocument stored = origin.read().orElseThrow();
            String expectedTag = "\"" + ContentHashes.sha256(stored.body()) + "\"";
            List<URI> behind = new ArrayList<>();
            for (URI replica : replicas) {
                HttpResponse<byte[]> response = ReplicaPool.get(replica);
                if (!Arrays.equals(response.body(), stored.body())) {
                    behind.add(replica);
                } else {
                    assertThat(ReplicaPool.header(response, "ETag"), is(expectedTag));
                }
            }
            if (behind.isEmpty()) {
                return stored;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(behind + " did not converge to the origin's version "
                        + stored.version().number() + " within 10 s");
            }
            Thread.sleep(50);
        }
    }

    private Process startWriter(List<URI> replicas) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                CrashingWriter.class.getName(), ReplicaPool.TOKEN));
        replicas.forEach(r -> command.add(Integer.toString(r.getPort())));
        return new ProcessBuilder(command).redirectError(root.resolve("writer.err").toFile()).start();
    }

    private static void readLines(Process process, List<String> lines) {
        try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                }
            }
        } catch (java.io.IOException killed) {
            // the pipe breaks when the writer dies: what was read is what it printed
        }
    }

    private static int number(String line) {
        return Integer.parseInt(line.split(" ")[1]);
    }
}
