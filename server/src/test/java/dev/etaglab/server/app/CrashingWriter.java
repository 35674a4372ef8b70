package dev.etaglab.server.app;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The writer that {@link WriterCrashIT} kills: a separate JVM streaming conditional PUTs to alternating
 * replicas, each body sent slowly in chunks so that a kill lands mid-body as often as between requests.
 * It prints {@code SENDING n} before a request and {@code ACK n <etag>} after each 204, flushed, so the
 * test knows exactly what was acknowledged and what was in flight when it died.
 *
 * <p>Arguments: token, then replica ports. Runs until killed.
 */
public final class CrashingWriter {

    private CrashingWriter() {
    }

    public static void main(String[] args) throws Exception {
        String token = args[0];
        int[] ports = new int[args.length - 1];
        for (int i = 1; i < args.length; i++) {
            ports[i - 1] = Integer.parseInt(args[i]);
        }
        String etag = currentEtag(ports[0]);
        for (int n = 1; ; n++) {
            byte[] body = WriterCrashIT.body(n);
            int port = ports[n % ports.length];
            System.out.println("SENDING " + n);
            System.out.flush();
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(("PUT /resource HTTP/1.1\r\nHost: replica\r\nAuthorization: Bearer " + token
                        + "\r\nContent-Type: application/json\r\nIf-Match: " + etag + "\r\nContent-Length: "
                        + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                for (int off = 0; off < body.length; off += 16 * 1024) {
                    out.write(body, off, Math.min(16 * 1024, body.length - off));
                    out.flush();
                    Thread.sleep(2);
                }
                String head = readHead(socket.getInputStream());
                if (!head.startsWith("HTTP/1.1 204")) {
                    throw new IllegalStateException("write " + n + " answered " + head.lines().findFirst().orElse(""));
                }
                etag = head.lines().filter(l -> l.regionMatches(true, 0, "ETag:", 0, 5)).findFirst()
                        .orElseThrow().substring(5).strip();
            }
            System.out.println("ACK " + n + " " + etag);
            System.out.flush();
        }
    }

    private static String currentEtag(int port) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("HEAD /resource HTTP/1.1\r\nHost: replica\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            return readHead(socket.getInputStream()).lines().filter(l -> l.regionMatches(true, 0, "ETag:", 0, 5))
                    .findFirst().orElseThrow().substring(5).strip();
        }
    }

    private static String readHead(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            head.append((char) b);
            if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return head.toString();
    }
}
