package dev.etaglab.server.app;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.in;

import dev.etaglab.server.etag.ContentHashes;
import dev.etaglab.server.store.DirectoryOrigin;
import dev.etaglab.server.store.StoredDocument;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a real replica process in the middle of a stream of conditional PUTs, several times.
 * After each crash the origin must hold a complete document that is the last acknowledged version or
 * the one in flight, never a torn one and never an older one; a fresh replica must serve exactly it,
 * with an ETag that matches its content.
 */
class CrashConsistencyIT {

    private static final int ROUNDS = 6;
    private static final String PADDING = "x".repeat(256 * 1024); // widens the window a crash can hit

    @TempDir
    Path root;

    @Test
    void killDuringWritesNeverTearsOrLosesAnAcknowledgedWrite() throws Exception {
        Path origin = root.resolve("origin");
        Random random = new Random(42);
        int sequence = 0;
        String lastAcknowledged = null;
        for (int round = 0; round < ROUNDS; round++) {
            Process replica = startReplicaProcess(origin, root.resolve("data-" + round));
            int acknowledged = 0;
            String inFlight = null;
            try {
                URI base = URI.create("http://127.0.0.1:" + awaitPort(root.resolve("port-" + round), replica));
                String etag = ReplicaPool.header(ReplicaPool.get(base), "ETag");
                long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(150 + random.nextInt(600));
                Thread killer = Thread.ofPlatform().start(() -> {
                    sleepUntil(killAt);
                    replica.destroyForcibly(); // SIGKILL: no shutdown hooks, no flushing
                });
                while (killer.isAlive()) {
                    String body = "{\"sequence\":" + (++sequence) + ",\"padding\":\"" + PADDING + "\"}";
                    inFlight = body;
                    HttpResponse<String> response;
                    try {
                        response = ReplicaPool.put(base, etag, body);
                    } catch (IOException e) {
                        break; // the crash hit this request: it is in flight, not acknowledged
                    }
                    assertThat(response.statusCode(), is(204));
                    etag = ReplicaPool.header(response, "ETag");
                    lastAcknowledged = body;
                    inFlight = null;
                    acknowledged++;
                }
                killer.join();
            } finally {
                replica.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            StoredDocument stored = new DirectoryOrigin(origin).read().orElseThrow(); // throws if torn
            String storedBody = new String(stored.body(), StandardCharsets.UTF_8);
            List<String> allowed = new ArrayList<>();
            allowed.add(lastAcknowledged);
            if (inFlight != null) {
                allowed.add(inFlight);
            }
            assertThat("round " + round + " after " + acknowledged + " acknowledged writes", storedBody,
                    is(in(allowed)));
            System.out.printf("round %d: killed after %d acknowledged writes; origin holds the %s version%n",
                    round, acknowledged, storedBody.equals(inFlight) ? "in-flight" : "last acknowledged");
            lastAcknowledged = storedBody;
            assertAFreshReplicaServesExactly(stored, root.resolve("check-" + round));
        }
        assertThat(sequence, greaterThan(ROUNDS));
    }

    private void assertAFreshReplicaServesExactly(StoredDocument stored, Path dataDir) throws Exception {
        try (var pool = new ReplicaPool(root)) {
            URI base = pool.start("sha256-cached", s -> s.withDataDir(dataDir));
            HttpResponse<byte[]> response = ReplicaPool.get(base);
            assertThat(response.body(), is(stored.body()));
            assertThat(ReplicaPool.header(response, "ETag"), is("\"" + ContentHashes.sha256(stored.body()) + "\""));
        }
    }

    private Process startReplicaProcess(Path origin, Path dataDir) throws IOException {
        String jar = System.getProperty("etaglab.server.jar");
        assertThat("failsafe passes the path of server.jar", jar != null && Files.exists(Path.of(jar)), is(true));
        String java = ProcessHandle.current().info().command().orElse("java");
        String portFile = root.resolve("port-" + dataDir.getFileName().toString().substring(5)).toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", jar, "--port", "0", "--port-file", portFile,
                "--origin", origin.toString(), "--data-dir", dataDir.toString(), "--max-body", "1MiB")
                .redirectErrorStream(true)
                .redirectOutput(root.resolve(dataDir.getFileName() + ".log").toFile());
        builder.environment().put("ETAGLAB_TOKEN", ReplicaPool.TOKEN);
        return builder.start();
    }

    private static int awaitPort(Path portFile, Process process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(portFile)) {
                return Integer.parseInt(Files.readString(portFile).strip());
            }
            if (!process.isAlive()) {
                throw new AssertionError("replica exited with " + process.exitValue() + " before listening");
            }
            Thread.sleep(25);
        }
        throw new AssertionError("replica did not start within 30 s");
    }

    private static void sleepUntil(long nanoTime) {
        long remaining;
        while ((remaining = nanoTime - System.nanoTime()) > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
