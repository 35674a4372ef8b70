package dev.etaglab.lb.cluster;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.etaglab.lb.ExternalTool;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.stream.IntStream;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's counters against bytes the test itself wrote and read, over real loopback sockets: a
 * listener on port 0 plays the balancer, each client sends a request of a known size and reads a response of
 * a known size. No jar is needed, so this runs with the unit tests; it is skipped where {@code ss} is not
 * installed, unless {@code ETAGLAB_REQUIRE_TOOLS=1} ({@link ExternalTool}).
 */
@Timeout(60)
class KernelSocketCountersTest {

    /* Different sizes, two of them over 64 KiB: several segments, several windows. */
    private static final int[] RESPONSE_BYTES = {300_000, 1, 1_000, 70_000};
    private static final int[] REQUEST_BYTES = {5, 17, 4_096, 66_000};

    private ServerSocket listener;
    private final List<Socket> clients = new ArrayList<>();
    private final List<Socket> accepted = new ArrayList<>();
    private final ExecutorService serverSide = Executors.newVirtualThreadPerTaskExecutor();

    @BeforeEach
    void connect() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        for (int i = 0; i < RESPONSE_BYTES.length; i++) {
            connectOne();
        }
    }

    @AfterEach
    void close() throws IOException {
        serverSide.shutdownNow();
        for (Socket socket : clients) {
            socket.close();
        }
        for (Socket socket : accepted) {
            socket.close();
        }
        listener.close();
    }

    @Test
    void acknowledgedPayloadIsExactlyTheBytesTheServerWrote() throws Exception {
        SocketSnapshot before = kernel().snapshot(listener.getLocalPort());
        exchange(0, 1, 2, 3);
        SocketTraffic traffic = acknowledged().since(before);

        assertThat(traffic.toString(), traffic.bytesAcked(), is(responseBytes(0, 1, 2, 3)));
        assertThat(traffic.toString(), traffic.bytesWritten(), is(traffic.bytesAcked()));
    }

    @Test
    void receivedPayloadIsExactlyTheBytesTheClientsSent() throws Exception {
        SocketSnapshot before = kernel().snapshot(listener.getLocalPort());
        exchange(0, 1, 2, 3);
        SocketTraffic traffic = acknowledged().since(before);

        assertThat(traffic.toString(), traffic.bytesReceived(), is(requestBytes(0, 1, 2, 3)));
    }

    @Test
    void noSocketAppearsOrDisappearsWhileEveryConnectionStaysOpen() throws Exception {
        SocketSnapshot before = kernel().snapshot(listener.getLocalPort());
        exchange(0, 1, 2, 3);
        SocketTraffic traffic = acknowledged().since(before);

        assertThat(traffic.toString(), traffic.socketsThroughout(), is(RESPONSE_BYTES.length));
        assertThat(traffic.toString(), traffic.socketsAppeared(), is(0));
        assertThat(traffic.toString(), traffic.socketsDisappeared(), is(0));
    }

    @Test
    void headerOverheadOnLoopbackIsFiftyTwoBytesPerSegment() throws Exception {
        SocketSnapshot before = kernel().snapshot(listener.getLocalPort());
        exchange(0, 1, 2, 3);
        SocketTraffic traffic = acknowledged().since(before);

        assertThat(traffic.toString(), traffic.lossless(), is(true));
        assertThat(traffic.toString(), traffic.segmentsOut(), greaterThan((long) RESPONSE_BYTES.length));
        // IPv4 20 + TCP 20 + timestamps 12: fails where net.ipv4.tcp_timestamps is 0 (then 40 per segment)
        assertThat(traffic.toString(), traffic.headerBytesOut(), is(traffic.segmentsOut() * 52));
    }

    @Test
    void socketClosedInsideTheWindowIsReportedAsDisappeared() throws Exception {
        SocketSnapshot before = kernel().snapshot(listener.getLocalPort());
        exchange(0, 1, 2, 3);
        accepted.get(3).close();
        clients.get(3).close();
        SocketTraffic traffic = acknowledged().since(before);

        assertThat(traffic.toString(), traffic.socketsDisappeared(), is(1));
        assertThat(traffic.toString(), traffic.complete(), is(false));
        assertThat(traffic.toString(), traffic.bytesAcked(), is(responseBytes(0, 1, 2)));
    }

    @Test
    void connectionOpenedInsideTheWindowIsCountedInFull() throws Exception {
        SocketSnapshot before = kernel().snapshot(listener.getLocalPort());
        connectOne();
        exchange(2, 4);
        SocketTraffic traffic = acknowledged().since(before);

        assertThat(traffic.toString(), traffic.socketsAppeared(), is(1));
        assertThat(traffic.toString(), traffic.bytesAcked(), is(responseBytes(2, 4)));
        assertThat(traffic.toString(), traffic.bytesReceived(), is(requestBytes(2, 4)));
    }

    @Test
    void commandAsksSsForTheNegotiatedOptions() {
        var ss = new KernelSocketCounters(Path.of("/usr/bin/ss"), Duration.ofSeconds(1), Clock.systemUTC());

        assertThat(ss.command(8080), is(List.of("/usr/bin/ss", "-H", "-O", "-t", "-n", "-i", "-o",
                "state", "established", "sport = :8080")));
    }

    @Test
    void missingSsIsReportedWithItsPath() {
        var ss = new KernelSocketCounters(Path.of("/nonexistent/ss"), Duration.ofSeconds(1), Clock.systemUTC());

        var e = assertThrows(IOException.class, () -> ss.snapshot(8080));
        assertThat(e.getMessage(), containsString("cannot run /nonexistent/ss"));
    }

    @Test
    void failingSsIsReportedWithWhatItPrinted(@TempDir Path dir) throws IOException {
        var ss = new KernelSocketCounters(script(dir, "echo 'ss: invalid option -- O' >&2; exit 1"),
                Duration.ofSeconds(10), Clock.systemUTC());

        var e = assertThrows(IOException.class, () -> ss.snapshot(8080));
        assertThat(e.getMessage(), containsString("exited with 1: ss: invalid option -- O"));
    }

    @Test
    void ssThatDoesNotAnswerIsKilledAfterTheTimeout(@TempDir Path dir) throws IOException {
        var ss = new KernelSocketCounters(script(dir, "exec sleep 600"), Duration.ofMillis(300), Clock.systemUTC());

        var e = assertThrows(IOException.class, () -> ss.snapshot(8080));
        assertThat(e.getMessage(), containsString("did not answer within PT0.3S; killed"));
        assertThat(ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().orElse("").contains("sleep 600")).count(), is(0L));
    }

    /* The loopback tests need ss itself; the failure tests above use stand-ins. */
    private static KernelSocketCounters kernel() {
        return new KernelSocketCounters(ExternalTool.require("ss", "iproute2"), Duration.ofSeconds(10),
                Clock.systemUTC());
    }

    private void connectOne() throws IOException {
        clients.add(new Socket(listener.getInetAddress(), listener.getLocalPort()));
        accepted.add(listener.accept());
    }

    private static long requestBytes(int... connections) {
        return IntStream.of(connections).mapToLong(i -> REQUEST_BYTES[i % REQUEST_BYTES.length]).sum();
    }

    private static long responseBytes(int... connections) {
        return IntStream.of(connections).mapToLong(i -> RESPONSE_BYTES[i % RESPONSE_BYTES.length]).sum();
    }

    /*
     * Connection i: the client sends REQUEST_BYTES[i % n], the server reads all of it and answers
     * RESPONSE_BYTES[i % n], the client reads all of that. The server side runs on its own thread so that a
     * response larger than the socket buffers can be written while the client reads it.
     */
    private void exchange(int... connections) throws Exception {
        List<Future<?>> servers = new ArrayList<>();
        for (int i : connections) {
            Socket server = accepted.get(i);
            int request = (int) requestBytes(i);
            int response = (int) responseBytes(i);
            servers.add(serverSide.submit(() -> {
                readFully(server.getInputStream(), request);
                server.getOutputStream().write(new byte[response]);
                return null;
            }));
            Socket client = clients.get(i);
            client.getOutputStream().write(new byte[request]);
            readFully(client.getInputStream(), response);
        }
        for (Future<?> server : servers) {
            server.get();
        }
    }

    private static void readFully(InputStream in, int bytes) throws IOException {
        byte[] read = in.readNBytes(bytes);
        if (read.length != bytes) {
            throw new IOException("expected " + bytes + " bytes, the stream ended after " + read.length);
        }
    }

    /*
     * The client has read every byte, but its last ACK may still be on its way (delayed ACK): wait until no
     * socket has unacknowledged bytes, so that the window holds everything written in it.
     */
    private SocketSnapshot acknowledged() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            SocketSnapshot snapshot = kernel().snapshot(listener.getLocalPort());
            long unacknowledged = snapshot.sockets().values().stream().mapToLong(TcpSocketCounters::sendQueue).sum();
            if (unacknowledged == 0 || System.nanoTime() > deadline) {
                return snapshot;
            }
            Thread.sleep(20);
        }
    }

    private static Path script(Path dir, String body) throws IOException {
        Path script = dir.resolve("ss");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }
}
