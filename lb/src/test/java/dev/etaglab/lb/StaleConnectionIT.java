package dev.etaglab.lb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * A kept-alive backend connection that the backend closed while it sat in the pool: a GET is resent once on a
 * new connection and the backend is not ejected; a POST is never resent, so it is only sent on a pooled
 * connection after checking that the backend has not closed it.
 */
class StaleConnectionIT {
    private ClosingBackend backend;
    private RunningLb lb;

    @BeforeEach
    void start() throws IOException {
        backend = new ClosingBackend();
        // An hour between probes: no health check may open, close or judge a connection during the test.
        lb = RunningLb.start(List.of(), "--backend", backend.url(), "--health-interval", "1h");
    }

    @AfterEach
    void stop() throws IOException {
        lb.close();
        backend.close();
    }

    @Test
    void getOnAConnectionTheBackendClosedIsResentOnANewOne() {
        assertThat(TestClient.get(lb.uri("/first")).statusCode(), is(200));

        HttpResponse<byte[]> second = TestClient.get(lb.uri("/second"));

        assertThat(second.statusCode(), is(200));
        assertThat(new String(second.body(), StandardCharsets.US_ASCII), is("GET /second"));
        // The pooled connection of the first request, then a new one for the resend.
        assertThat(backend.connections(), is(2));
        Scrape scrape = Scrape.of(lb);
        assertThat(scrape.sum("lb_stale_connection_resends_total"), is(1.0));
        assertThat(scrape.sum("lb_retries_total"), is(0.0));
        assertThat(scrape.sum("lb_ejections_total"), is(0.0));
        assertThat(scrape.sum("lb_backend_up"), is(1.0));
    }

    @Test
    void postIsNotSentOnAPooledConnectionTheBackendClosedButOnANewOneOnce() throws InterruptedException {
        assertThat(TestClient.get(lb.uri("/first")).statusCode(), is(200));
        backend.awaitClosed(1);

        HttpResponse<byte[]> post = TestClient.send(TestClient.request(lb.uri("/orders"))
                                                            .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertThat(post.statusCode(), is(200));
        assertThat(new String(post.body(), StandardCharsets.US_ASCII), is("POST /orders"));
        // The closed pooled connection was found out before anything was sent on it: no resend was needed.
        assertThat(backend.connections(), is(2));
        Scrape scrape = Scrape.of(lb);
        assertThat(scrape.sum("lb_stale_connection_resends_total"), is(0.0));
        assertThat(scrape.sum("lb_ejections_total"), is(0.0));
        assertThat(scrape.sum("lb_backend_up"), is(1.0));
    }

    /**
     * Answers one request per connection with {@code 200} and the request line as body, without
     * {@code Connection: close}, then closes the connection: what a server does when its keep-alive timeout
     * expires just after a response.
     */
    private static final class ClosingBackend implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger connections = new AtomicInteger();
        private final Semaphore closed = new Semaphore(0);
        private final Thread acceptor = Thread.ofVirtual().start(this::accept);

        ClosingBackend() throws IOException {
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        void awaitClosed(int count) throws InterruptedException {
            assertThat("backend closed its connections", closed.tryAcquire(count, 10, TimeUnit.SECONDS), is(true));
        }

        private void accept() {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    connections.incrementAndGet();
                    String requestLine = readHead(socket.getInputStream());
                    byte[] body = requestLine.substring(0, requestLine.lastIndexOf(' ')).getBytes(StandardCharsets.US_ASCII);
                    socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n")
                                                           .getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().write(body);
                    socket.getOutputStream().flush();
                    socket.close();
                    closed.release();
                } catch (IOException e) {
                    // Closed by close(), or a client gone: the next accept decides.
                }
            }
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                head.write(b);
                if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    break;
                }
            }
            // A request body is left unread: the socket is closed right after the answer anyway.
            String text = head.toString(StandardCharsets.ISO_8859_1);
            return text.substring(0, text.indexOf("\r\n"));
        }

        @Override
        public void close() throws IOException {
            server.close();
            acceptor.interrupt();
        }
    }
}
