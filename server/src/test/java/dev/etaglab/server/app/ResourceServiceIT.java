package dev.etaglab.server.app;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.etaglab.support.testing.RawHttp;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.helidon.webserver.testing.junit5.SetUpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The resource contract over a real socket on an ephemeral loopback port. */
@ServerTest
class ResourceServiceIT extends AbstractResourceTest {

    private static final Replica REPLICA = SharedReplica.create();

    private final int port;

    ResourceServiceIT(Http1Client client, WebServer server) {
        super(client);
        this.port = server.port();
    }

    @Test
    void headSendsHeadersOnlyOnTheWire() throws IOException {
        try (Socket socket = connect()) {
            String head = send(socket, "HEAD /resource HTTP/1.1\r\nHost: t\r\n\r\n");
            assertThat(head, startsWith("HTTP/1.1 200"));
            assertThat(head, containsString("Content-Length: "));
            // Had any content followed the HEAD headers, it would be read here instead of a status line.
            assertThat(send(socket, "GET /health HTTP/1.1\r\nHost: t\r\n\r\n"), startsWith("HTTP/1.1 200"));
        }
    }

    @Test
    void notModifiedSendsHeadersOnlyOnTheWire() throws IOException {
        try (Socket socket = connect()) {
            String etag = send(socket, "HEAD /resource HTTP/1.1\r\nHost: t\r\n\r\n").lines()
                    .filter(l -> l.startsWith("ETag: ")).findFirst().orElseThrow().substring(6);
            String notModified = send(socket, "GET /resource HTTP/1.1\r\nHost: t\r\nIf-None-Match: " + etag
                    + "\r\n\r\n");
            assertThat(notModified, startsWith("HTTP/1.1 304"));
            assertThat(send(socket, "GET /health HTTP/1.1\r\nHost: t\r\n\r\n"), startsWith("HTTP/1.1 200"));
        }
    }

    @Test
    void notModifiedCarriesNoContentLength() throws IOException {
        // RFC 9110 §8.6: no Content-Length on a 304 unless it is the 200's; ours sends none. The 304 still
        // ends at its header section (§6.4.1), so the same connection answers the next request.
        try (RawHttp connection = new RawHttp(port)) {
            String etag = connection.exchange("HEAD /resource HTTP/1.1", "Host: t").header("ETag").orElseThrow();
            RawHttp.Response notModified = connection.exchange("GET /resource HTTP/1.1", "Host: t",
                    "If-None-Match: " + etag);
            assertThat(notModified.status(), is(304));
            assertThat(notModified.headerNames(), not(hasItem("content-length")));
            assertThat(notModified.headerNames(), not(hasItem("transfer-encoding")));
            assertThat(connection.exchange("GET /health HTTP/1.1", "Host: t").status(), is(200));
        }
    }

    @Test
    void noContentCarriesNoContentLength() throws IOException {
        // RFC 9110 §8.6: a server MUST NOT send Content-Length in a 204.
        try (RawHttp connection = new RawHttp(port)) {
            RawHttp.Response noContent = connection.exchange("OPTIONS /resource HTTP/1.1", "Host: t");
            assertThat(noContent.status(), is(204));
            assertThat(noContent.headerNames(), not(hasItem("content-length")));
            assertThat(connection.exchange("GET /health HTTP/1.1", "Host: t").status(), is(200));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {200, 206, 304})
    void connectionCloseClosesTheConnectionAfterTheResponse(int status) throws IOException {
        // RFC 9112 §9.6: the server closes once it has sent the response to a request carrying "close".
        String etag;
        try (RawHttp connection = new RawHttp(port)) {
            etag = connection.exchange("HEAD /resource HTTP/1.1", "Host: t").header("ETag").orElseThrow();
        }
        String condition = switch (status) {
            case 206 -> "Range: bytes=0-9";
            case 304 -> "If-None-Match: " + etag;
            default -> "Accept: application/json";
        };
        try (RawHttp connection = new RawHttp(port)) {
            RawHttp.Response response = connection.exchange("GET /resource HTTP/1.1", "Host: t", condition,
                    "Connection: close");
            assertThat(response.status(), is(status));
            assertThat(response.header("Connection").orElse(""), is("close"));
            assertThat(connection.after(Duration.ofSeconds(2)), is(RawHttp.After.CLOSED));
        }
    }

    @Test
    void malformedRequestGetsProblemJsonAndTheServerStaysHealthy() throws IOException {
        try (Socket socket = connect()) {
            String response = send(socket, "GET /resource HTTP/1.1\r\nHost: t\r\nNo colon here\r\n\r\n");
            assertThat(response, startsWith("HTTP/1.1 400"));
            assertThat(response, containsString("Content-Type: application/problem+json"));
        }
        try (Socket socket = connect()) {
            assertThat(send(socket, "GET /health HTTP/1.1\r\nHost: t\r\n\r\n"), startsWith("HTTP/1.1 200"));
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5_000);
        return socket;
    }

    /** Writes one request and reads exactly the response's header section (up to the empty line). */
    private static String send(Socket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        Replica.server(server);
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        REPLICA.routing(routing);
    }
}
