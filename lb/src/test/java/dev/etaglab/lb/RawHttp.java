package dev.etaglab.lb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A persistent HTTP/1.1 connection driven by hand, for what the JDK client hides or refuses: sending
 * hop-by-hop headers such as {@code Connection}, pacing a chunked body, and counting every byte the
 * balancer wrote.
 */
public final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;

    public RawHttp(int port) throws IOException {
        this(port, TestClient.TIMEOUT);
    }

    public RawHttp(int port, java.time.Duration readTimeout) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout((int) readTimeout.toMillis());
        in = socket.getInputStream();
    }

    /** Writes bytes exactly as given: a hostile request need not be well-formed. */
    public void write(String raw) throws IOException {
        socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /**
     * What the balancer does next on this connection: {@code CLOSED} when it closes (or resets) it,
     * {@code OPEN} when it neither closes nor sends anything within {@code wait}, {@code MORE} when it sends
     * more bytes, which after a framing error would be the answer to a smuggled request.
     */
    public After after(java.time.Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        try {
            return in.read() < 0 ? After.CLOSED : After.MORE;
        } catch (java.net.SocketTimeoutException e) {
            return After.OPEN;
        } catch (java.net.SocketException reset) {
            return After.CLOSED;
        }
    }

    public enum After { CLOSED, OPEN, MORE }

    /** Sends a request without a body and reads its response. */
    public Response exchange(String... head) throws IOException {
        writeHead(head);
        return readResponse(head[0].startsWith("HEAD "));
    }

    /** @param head request line and header lines, without the final empty line */
    void writeHead(String... head) throws IOException {
        String request = String.join("\r\n", head) + "\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** One chunk of a {@code Transfer-Encoding: chunked} request body, flushed to the wire. */
    void writeChunk(byte[] chunk) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(chunk);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    void writeLastChunk() throws IOException {
        socket.getOutputStream().write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    Response readResponse(boolean headRequest) throws IOException {
        ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
        while (!endsWithBlankLine(headBytes)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in response head");
            }
            headBytes.write(b);
        }
        String[] lines = headBytes.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        List<String[]> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.add(new String[] {lines[i].substring(0, colon), lines[i].substring(colon + 1).strip()});
        }
        Response response = new Response(lines[0], headers, new byte[0], headBytes.size());
        int status = response.status();
        if (headRequest || status == 204 || status == 304 || status < 200) {
            return response;
        }
        if (response.header("Transfer-Encoding").isPresent()) {
            return readChunked(response);
        }
        long length = Long.parseLong(response.header("Content-Length").orElseThrow());
        byte[] body = in.readNBytes((int) length);
        return new Response(lines[0], headers, body, headBytes.size() + body.length);
    }

    /** RFC 9112 §7.1 without extensions or trailers, which the balancer never sends. */
    private Response readChunked(Response head) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        long wireBytes = head.wireBytes();
        while (true) {
            String sizeLine = readLine();
            wireBytes += sizeLine.length() + 2;
            int size = Integer.parseInt(sizeLine.strip(), 16);
            byte[] chunk = in.readNBytes(size);
            body.write(chunk);
            wireBytes += size + readLine().length() + 2;
            if (size == 0) {
                return new Response(head.statusLine(), head.headers(), body.toByteArray(), wireBytes);
            }
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new IOException("connection closed in chunked body");
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

    /** @param wireBytes every byte received for this response: status line, headers, blank line, body */
    public record Response(String statusLine, List<String[]> headers, byte[] body, long wireBytes) {
        public int status() {
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        public Optional<String> header(String name) {
            return headers.stream()
                    .filter(header -> header[0].equalsIgnoreCase(name))
                    .map(header -> header[1])
                    .findFirst();
        }

        List<String> headerNames() {
            return headers.stream().map(header -> header[0].toLowerCase(Locale.ROOT)).toList();
        }
    }
}
