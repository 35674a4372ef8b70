package dev.etaglab.server.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP/1.1 connection driven byte by byte, for requests no well-behaved client sends. Every read has
 * a timeout, so a server that hangs fails the test instead of blocking it.
 */
final class RawHttp implements AutoCloseable {

    static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    private final Socket socket;
    private final InputStream in;

    RawHttp(int port) throws IOException {
        this(port, READ_TIMEOUT);
    }

    RawHttp(int port, Duration readTimeout) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout((int) readTimeout.toMillis());
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
    }

    void write(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Reads one response; {@code noBody} for HEAD (the status tells 1xx, 204 and 304 apart by itself). */
    Response read(boolean noBody) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!endsWithBlankLine(head)) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after " + head.size() + " bytes of a response head");
            }
            head.write(b);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.merge(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip(),
                    (a, b) -> a + ", " + b);
        }
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        byte[] body = new byte[0];
        if (!noBody && status != 204 && status != 304 && status >= 200) {
            String length = headers.get("content-length");
            body = length != null ? in.readNBytes(Integer.parseInt(length)) : readChunked();
        }
        return new Response(status, headers, body);
    }

    /**
     * What the server does next on this connection: {@code CLOSED} when it closes (or resets) it,
     * {@code OPEN} when it neither closes nor sends anything within {@code wait}, {@code MORE} when it
     * sends more bytes, which after a framing error would be the answer to a smuggled request.
     */
    After after(Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        try {
            return in.read() < 0 ? After.CLOSED : After.MORE;
        } catch (SocketTimeoutException e) {
            return After.OPEN;
        } catch (SocketException reset) {
            return After.CLOSED;
        }
    }

    enum After { CLOSED, OPEN, MORE }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int size = Integer.parseInt(readLine().strip(), 16);
            body.write(in.readNBytes(size));
            readLine();
            if (size == 0) {
                return body.toByteArray();
            }
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed in a chunked body");
            }
            line.append((char) b);
        }
        return line.toString().strip();
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

    record Response(int status, Map<String, String> headers, byte[] body) {
        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }
}
