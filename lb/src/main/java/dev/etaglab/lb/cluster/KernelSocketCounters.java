package dev.etaglab.lb.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Reads the kernel's TCP counters of every established socket on a local port, with {@code ss} (iproute2):
 * for the balancer's listening port, the server-side end of each client connection. These counts come from
 * outside the balancer and outside the clients, so they are the ground truth for the bytes the balancer sent
 * its clients. Take a {@link SocketSnapshot} at each phase boundary, then compare with
 * {@link SocketSnapshot#since}.
 *
 * <pre>{@code
 * KernelSocketCounters kernel = KernelSocketCounters.onThisMachine();
 * SocketSnapshot before = kernel.snapshot(8080);
 * // ... the phase ...
 * SocketTraffic phase = kernel.snapshot(8080).since(before);
 * }</pre>
 *
 * The same as {@code ss -H -O -t -i -n -o state established 'sport = :8080'}.
 */
public final class KernelSocketCounters {

    /* ss answers in milliseconds even with thousands of sockets; a stuck one must not hang a run. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final Executor OUTPUT_READERS = reader -> Thread.ofVirtual().name("ss-output").start(reader);

    private final Path ss;
    private final Duration timeout;
    private final Clock clock;

    KernelSocketCounters(Path ss, Duration timeout, Clock clock) {
        this.ss = ss;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** With the {@code ss} on {@code PATH} (or in the sbin folders); fails when iproute2 is not installed. */
    public static KernelSocketCounters onThisMachine() {
        Path ss = Executables.find("ss").orElseThrow(() -> new IllegalStateException("ss is not installed; it"
                + " reads the kernel's per-socket TCP counters: sudo apt-get install -y iproute2"));
        return new KernelSocketCounters(ss, TIMEOUT, Clock.systemUTC());
    }

    /**
     * @throws IOException when {@code ss} cannot be started, fails, or does not answer in time (the message
     *                     carries the command and what it printed)
     */
    public SocketSnapshot snapshot(int localPort) throws IOException {
        if (localPort < 1 || localPort > 65_535) {
            throw new IllegalArgumentException("not a TCP port: " + localPort);
        }
        List<String> command = command(localPort);
        Instant takenAt = clock.instant();
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new IOException("cannot run " + ss + " (iproute2): " + e.getMessage(), e);
        }
        process.getOutputStream().close();
        // Both pipes are drained while ss runs: thousands of sockets fill a pipe buffer long before ss exits.
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> text(process.getInputStream()),
                OUTPUT_READERS);
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> text(process.getErrorStream()),
                OUTPUT_READERS);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                throw new IOException(String.join(" ", command) + " did not answer within " + timeout + "; killed");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + String.join(" ", command));
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ": "
                    + stderr.join().strip());
        }
        return SocketSnapshot.parse(stdout.join(), takenAt);
    }

    List<String> command(int localPort) {
        return List.of(ss.toString(),
                "-H", // no header line
                "-O", // one line per socket, -i's counters included
                "-t", "-n",
                "-i", // tcp_info: bytes_acked, segs_out, ...
                "-o", // besides timers, this makes ss print the negotiated options (ts, sack): without it no
                      // line says "ts", and every socket would look like it had no timestamps
                "state", "established", // one state: ss then prints no State column
                "sport = :" + localPort);
    }

    private static String text(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
