package dev.etaglab.support.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One HTTP/1.1 connection to 127.0.0.1 driven by hand, for what no well-behaved client sends and what the
 * JDK client hides or refuses: malformed and hostile requests, hop-by-hop headers such as
 * {@code Connection}, a paced or truncated body, and every byte the server wrote counted. Shared by the
 * replica's and the balancer's tests (this module's test jar). Every read has a timeout, so a server that
 * hangs fails the test instead of blocking it.
 */
public final class RawHttp implements AutoCloseable {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final Socket socket;
    private final InputStream in;

    public RawHttp(int port) throws IOException {
        this(port, READ_TIMEOUT);
    }

    public RawHttp(int port, Duration readTimeout) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout((int) readTimeout.toMillis());
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
    }

    /** Writes bytes exactly as given: a hostile request need not be well-formed. */
    public void write(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    public void write(String raw) throws IOException {
        write(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends a request without a body and reads its response. */
    public Response exchange(String... head) throws IOException {
        writeHead(head);
        return readResponse(head[0].startsWith("HEAD "));
    }

    /** @param head request line and header lines, without the final empty line */
    public void writeHead(String... head) throws IOException {
        write(String.join("\r\n", head) + "\r\n\r\n");
    }

    /** One chunk of a {@code Transfer-Encoding: chunked} request body, flushed to the wire. */
    public void writeChunk(byte[] chunk) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(chunk);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    public void writeLastChunk() throws IOException {
        write("0\r\n\r\n");
    }

    /**
     * Reads one response; {@code headRequest} when it answers a HEAD (1xx, 204 and 304 are told apart by
     * their status). The body is delimited by Content-Length or chunked framing, as a server of ours sends it.
     */
    public Response readResponse(boolean headRequest) throws IOException {
        ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
        while (!endsWithBlankLine(headBytes)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + headBytes.size() + " bytes of a response head");
            }
            headBytes.write(b);
        }
        String[] lines = headBytes.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        List<Field> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.add(new Field(lines[i].substring(0, colon), lines[i].substring(colon + 1).strip()));
        }
        Response response = new Response(lines[0], headers, new byte[0], headBytes.size());
        int status = response.status();
        if (headRequest || status == 204 || status == 304 || status < 200) {
            return response;
        }
        if (response.header("Transfer-Encoding").isPresent()) {
            return readChunked(response);
        }
        byte[] body = in.readNBytes(Integer.parseInt(response.header("Content-Length").orElseThrow()));
        return new Response(lines[0], headers, body, headBytes.size() + body.length);
    }

    /**
     * What the server does next on this connection: {@code CLOSED} when it closes (or resets) it,
     * {@code OPEN} when it neither closes nor sends anything within {@code wait}, {@code MORE} when it
     * sends more bytes, which after a framing error would be the answer to a smuggled request.
     */
    public After after(Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        try {
            return in.read() < 0 ? After.CLOSED : After.MORE;
        } catch (SocketTimeoutException e) {
            return After.OPEN;
        } catch (SocketException reset) {
            return After.CLOSED;
        }
    }

    public enum After { CLOSED, OPEN, MORE }

    /**
     * A slow client: sends {@code text} one byte every {@code pause} (from a virtual thread) until the server
     * answers or closes the connection, and returns the answer's status, or "closed".
     */
    public String trickle(String text, Duration pause) throws IOException {
        Thread trickler = Thread.ofVirtual().start(() -> {
            try {
                for (byte b : text.getBytes(StandardCharsets.ISO_8859_1)) {
                    write(new byte[] {b});
                    Thread.sleep(pause);
                }
            } catch (IOException | InterruptedException closedOrStopped) {
                // the server closed the connection, which is what a slow-client test waits for
            }
        });
        try {
            return Integer.toString(readResponse(false).status());
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException closedOrReset) {
            return "closed";
        } finally {
            trickler.interrupt();
        }
    }

    /** RFC 9112 §7.1 without extensions or trailers, which our servers never send. */
    private Response readChunked(Response head) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        long wireBytes = head.wireBytes();
        while (true) {
            String sizeLine = readLine();
            wireBytes += sizeLine.length() + 2;
            int size = Integer.parseInt(sizeLine.strip(), 16);
            body.write(in.readNBytes(size));
            wireBytes += size + readLine().length() + 2;
            if (size == 0) {
                return new Response(head.statusLine(), head.headers(), body.toByteArray(), wireBytes);
            }
        }
    }

    /** One line without its CRLF. */
    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed in a chunked body");
            }
            line.append((char) b);
        }
        return line.substring(0, line.length() - 1);
    }

    private static boolean endsWithBlankLine(ByteArrayOutputStream bytes) {
        byte[] b = bytes.toByteArray();
        int n = b.length;
        return n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n';
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** A header field as received, in order; printed as its field line. */
    public record Field(String name, String value) {
        @Override
        public String toString() {
            return name + ": " + value;
        }
    }

    /** @param wireBytes every byte received for this response: status line, headers, blank line, body */
    public record Response(String statusLine, List<Field> headers, byte[] body, long wireBytes) {
        public int status() {
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        /** The first value of a field, by case-insensitive name. */
        public Optional<String> header(String name) {
            return headers.stream().filter(field -> field.name().equalsIgnoreCase(name)).map(Field::value).findFirst();
        }

        /** Field names, lower-cased. */
        public List<String> headerNames() {
            return headers.stream().map(field -> field.name().toLowerCase(Locale.ROOT)).toList();
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }
}
