package dev.etaglab.lb;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataReader;

/**
 * One HTTP/1.1 connection to a backend: a socket with a buffered writer for the request and Helidon's
 * {@link DataReader} over the response bytes (the reader the webserver and webclient parse messages with).
 *
 * <p>Why not Helidon's webclient on this leg: for a proxied 304 it spent more CPU building and validating a
 * client request (URI resolution, request ids, service chain, header validation of headers the server had
 * already validated) than the balancer spends reading and writing both messages; here the request head is
 * written from the server's parsed headers in one buffer and the response head is parsed once.
 */
final class BackendConnection implements AutoCloseable {
    private static final int READ_CHUNK = 16 * 1024;
    private static final int WRITE_BUFFER = 8 * 1024;
    private static final int REQUEST_HEAD = 1024;

    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;
    private final DataReader reader;
    private final byte[] readBuffer = new byte[READ_CHUNK];
    /** One exchange at a time per connection, so one head buffer serves them all (no per-request garbage). */
    private final BufferData requestHead = BufferData.growing(REQUEST_HEAD);
    private boolean reused;
    private long idleSince;

    private BackendConnection(SocketChannel channel) {
        this.channel = channel;
        this.in = Channels.newInputStream(channel);
        this.out = new BufferedOutputStream(Channels.newOutputStream(channel), WRITE_BUFFER);
        this.reader = DataReader.create(this::readChunk);
    }

    /** Opens a connection with Nagle off: a 304 head and the tail of a body must leave at once, not wait for an ACK. */
    static BackendConnection open(InetSocketAddress address, Duration connectTimeout) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            // The channel's socket adaptor applies the connect timeout; the channel itself has none.
            channel.socket().connect(address, Math.toIntExact(connectTimeout.toMillis()));
            return new BackendConnection(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** An empty buffer for the next request head; it is this connection's own, reused for every exchange. */
    BufferData requestHead() {
        return requestHead.clear();
    }

    /** The buffered request side; {@link #flush()} sends what was written. */
    OutputStream output() {
        return out;
    }

    void flush() throws IOException {
        out.flush();
    }

    /** The response side; an end of stream surfaces as {@code DataReader.InsufficientDataAvailableException}. */
    DataReader reader() {
        return reader;
    }

    /** Whether this connection already carried an exchange (so a failure may only mean the backend closed it). */
    boolean reused() {
        return reused;
    }

    long idleSince() {
        return idleSince;
    }

    /** Back in the pool after a complete exchange. */
    void markIdle(long now) {
        reused = true;
        idleSince = now;
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    /**
     * Whether the backend closed this idle connection (or sent something unasked), found without blocking:
     * a non-idempotent request must not be sent on such a connection, since it cannot be resent when it fails.
     */
    boolean closedByPeer() {
        if (reader.available() > 0) {
            return true;
        }
        try {
            channel.configureBlocking(false);
            try {
                return channel.read(ByteBuffer.allocate(1)) != 0;
            } finally {
                channel.configureBlocking(true);
            }
        } catch (IOException e) {
            return true;
        }
    }

    private byte[] readChunk() {
        try {
            int read = in.read(readBuffer);
            return read < 0 ? null : Arrays.copyOf(readBuffer, read);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing is best effort: the connection is discarded either way.
        }
    }
}
