package dev.etaglab.lb.wirecheck;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP/1.1 request and its response exactly as they crossed the socket, for a {@code curl -v}
 * style log. A client library would normalise what we want to show (header order and case, a
 * transparently decoded body), so this speaks the protocol directly; it only needs Content-Length
 * framing, which is what our servers send.
 *
 * @param request        the request lines as written
 * @param statusLine     e.g. {@code HTTP/1.1 304 Not Modified}
 * @param responseFields header fields in wire order, as sent
 * @param body           the content, as sent (no decoding)
 */
record WireExchange(List<String> request, String statusLine, List<Map.Entry<String, String>> responseFields,
                    byte[] body) {

    private static final int TIMEOUT_MILLIS = 5_000;
    private static final int MAX_HEAD = 64 * 1024;

    static WireExchange get(URI base, String path, Map<String, String> headers) throws IOException {
        List<String> request = new ArrayList<>();
        request.add("GET " + path + " HTTP/1.1");
        request.add("Host: " + base.getHost() + ":" + base.getPort());
        request.add("User-Agent: etag-lab-wirecheck");
        headers.forEach((name, value) -> request.add(name + ": " + value));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write((String.join("\r\n", request) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            List<String> head = readHead(in);
            List<Map.Entry<String, String>> fields = new ArrayList<>();
            for (String line : head.subList(1, head.size())) {
                int colon = line.indexOf(':');
                fields.add(Map.entry(line.substring(0, colon), line.substring(colon + 1).strip()));
            }
            int status = Integer.parseInt(head.getFirst().split(" ")[1]);
            long length = status == 304 || status == 204 ? 0 : fields.stream()
                    .filter(f -> f.getKey().equalsIgnoreCase("Content-Length"))
                    .map(f -> Long.parseLong(f.getValue())).findFirst()
                    .orElseThrow(() -> new IOException("response without Content-Length: " + head.getFirst()));
            return new WireExchange(request, head.getFirst(), fields, in.readNBytes((int) length));
        }
    }

    Optional<String> field(String name) {
        return responseFields.stream().filter(f -> f.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .findFirst();
    }

    int status() {
        return Integer.parseInt(statusLine.split(" ")[1]);
    }

    /** The exchange as {@code curl -v} prints it; the body is summarised by size and digest. */
    String log(String contentDigest) {
        StringBuilder log = new StringBuilder();
        request.forEach(line -> log.append("> ").append(line).append('\n'));
        log.append(">\n< ").append(statusLine).append('\n');
        responseFields.forEach(f -> log.append("< ").append(f.getKey()).append(": ").append(f.getValue()).append('\n'));
        log.append("<\n");
        log.append(String.format(Locale.ROOT, "[%d bytes of content%s]%n", body.length,
                body.length == 0 ? "" : ", sha256 " + contentDigest));
        return log.toString();
    }

    private static List<String> readHead(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        List<String> lines = new ArrayList<>();
        int total = 0;
        int b;
        while ((b = in.read()) >= 0) {
            if (++total > MAX_HEAD) {
                throw new IOException("response header section larger than " + MAX_HEAD + " bytes");
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                text = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                if (text.isEmpty()) {
                    return lines;
                }
                lines.add(text);
                line.reset();
            } else {
                line.write(b);
            }
        }
        throw new IOException("connection closed inside the response header section");
    }
}
