package dev.etaglab.lb;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.http.ServerRequest;

/**
 * Writes a client's request to a backend connection: the request line and headers in one buffer (one write for
 * a bodiless request), then the body, if any, streamed with the framing the client used.
 */
final class BackendRequest {
    /**
     * Request headers the balancer replaces rather than forwards: Host names the backend (the client's value
     * travels in {@code Forwarded: host=}); Expect is answered by the balancer's own server for its own hop;
     * forwarding headers from a client are untrusted.
     */
    private static final Set<String> REPLACED = Stream.concat(Stream.of("host", "expect"),
            ForwardingHeaders.UNTRUSTED_FROM_CLIENT.stream()).collect(Collectors.toUnmodifiableSet());
    private static final byte[] HTTP_1_1_CRLF = " HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};

    private BackendRequest() {
    }

    /**
     * Builds the head in {@code head} (an empty buffer) and writes it to {@code out}; flush the connection to
     * send it. {@code chunked}: the body follows in chunks.
     */
    static void writeHead(ServerRequest clientRequest, Backend backend, boolean chunked, BufferData head,
                          OutputStream out) throws IOException {
        HttpPrologue prologue = clientRequest.prologue();
        head.writeAscii(prologue.method().text());
        head.write(' ');
        // The path and query are forwarded exactly as the client encoded them (the server validated them).
        head.writeAscii(prologue.uriPath().rawPath());
        String rawQuery = prologue.query().rawValue();
        if (!rawQuery.isEmpty()) {
            head.write('?');
            head.writeAscii(rawQuery);
        }
        head.write(HTTP_1_1_CRLF);
        HeaderValues.create(HeaderNames.HOST, backend.uri().getRawAuthority()).writeHttp1Header(head);
        HopByHop.forEachEndToEnd(clientRequest.headers(), REPLACED, header -> header.writeHttp1Header(head));
        ForwardingHeaders.viaHeader(prologue.protocolVersion()).writeHttp1Header(head);
        InetSocketAddress client = (InetSocketAddress) clientRequest.remotePeer().address();
        Optional<String> host = clientRequest.headers().first(HeaderNames.HOST);
        HeaderValues.create(ForwardingHeaders.FORWARDED, ForwardingHeaders.forwarded(client.getAddress(), "http", host))
                .writeHttp1Header(head);
        HeaderValues.create(ForwardingHeaders.X_FORWARDED_FOR, ForwardingHeaders.xForwardedFor(client.getAddress()))
                .writeHttp1Header(head);
        if (chunked) {
            HeaderValues.TRANSFER_ENCODING_CHUNKED.writeHttp1Header(head);
        }
        head.write(CRLF);
        head.writeTo(out);
    }

    /**
     * Streams the client's body: as is when it came with a {@code Content-Length} (the server delivers exactly
     * that many bytes), otherwise re-chunked, since its chunked framing belonged to the client's hop.
     */
    static void writeBody(InputStream clientBody, boolean chunked, OutputStream out) throws IOException {
        if (!chunked) {
            Forwarder.relay(clientBody, out, Forwarder.NOTHING, Forwarder.NOTHING);
            return;
        }
        ChunkedOutputStream chunks = new ChunkedOutputStream(out);
        Forwarder.relay(clientBody, chunks, Forwarder.NOTHING, Forwarder.NOTHING);
        chunks.finish();
    }

    /** RFC 9112 §7.1 chunked framing around each write; {@link #finish()} writes the last chunk. */
    private static final class ChunkedOutputStream extends FilterOutputStream {
        private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

        ChunkedOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                // A zero-size chunk would end the body.
                return;
            }
            out.write(Integer.toHexString(length).getBytes(StandardCharsets.US_ASCII));
            out.write(CRLF);
            out.write(bytes, offset, length);
            out.write(CRLF);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        void finish() throws IOException {
            out.write(LAST_CHUNK);
            out.flush();
        }

        @Override
        public void close() {
            // The connection outlives the body.
        }
    }
}
