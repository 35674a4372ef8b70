package dev.etaglab.lb;

import dev.etaglab.support.testing.RawHttp;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;

import io.helidon.http.HeaderNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** RFC 9110 §7.6.1 on both legs, and forwarding headers the client cannot spoof. */
class HopByHopIT {
    private StubBackend backend;
    private RunningLb lb;

    @BeforeEach
    void start() {
        backend = StubBackend.start(routing -> routing
                .get("/client-leg", (request, response) -> {
                    for (String name : List.of("X-Client-Secret", "Keep-Alive", "TE", "Trailer", "Proxy-Authorization",
                                               "Proxy-Connection", "Upgrade")) {
                        assertThat(name + " must not reach the backend", request.headers().contains(HeaderNames.create(name)), is(false));
                    }
                    // The balancer's own client may send its own Connection header, but never the client's tokens.
                    assertThat(request.headers().values(HeaderNames.CONNECTION), not(hasItem("X-Client-Secret")));
                    assertThat(request.headers().first(HeaderNames.create("X-End-To-End")).orElse(null), is("kept"));
                    response.send("checked");
                })
                .get("/backend-leg", (request, response) -> response
                        .header(HeaderNames.CONNECTION, "X-Backend-Secret")
                        .header("X-Backend-Secret", "1")
                        .header("Keep-Alive", "timeout=5, max=100")
                        .header(HeaderNames.PROXY_AUTHENTICATE, "Basic realm=\"lab\"")
                        .header(HeaderNames.TRAILER, "X-Checksum")
                        .header("X-End-To-End", "kept")
                        .send("hello"))
                .get("/forwarded", (request, response) -> {
                    String client = "127.0.0.1";
                    assertThat(request.headers().values(ForwardingHeaders.FORWARDED),
                               contains("for=" + client + ";proto=http;host=\"127.0.0.1:" + lb.port() + "\""));
                    assertThat(request.headers().values(HeaderNames.X_FORWARDED_FOR), contains(client));
                    assertThat(request.headers().values(HeaderNames.VIA), contains("1.1 upstream-proxy", "1.1 etag-lab-lb"));
                    for (String name : List.of("X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Port",
                                               "X-Forwarded-By", "X-Forwarded-Server", "X-Real-IP")) {
                        assertThat(name + " from the client must not reach the backend",
                                   request.headers().contains(HeaderNames.create(name)), is(false));
                    }
                    response.send("checked");
                }));
        lb = RunningLb.start(List.of(backend));
    }

    @AfterEach
    void stop() {
        lb.close();
        backend.close();
    }

    @Test
    void clientHopByHopHeadersAndConnectionTokensDoNotReachTheBackend() throws Exception {
        try (RawHttp connection = new RawHttp(lb.port())) {
            RawHttp.Response response = connection.exchange(
                    "GET /client-leg HTTP/1.1",
                    "Host: lb.example",
                    "Connection: keep-alive, X-Client-Secret",
                    "X-Client-Secret: 1",
                    "Keep-Alive: timeout=5",
                    "TE: trailers",
                    "Trailer: X-Checksum",
                    "Proxy-Authorization: Basic Zm9vOmJhcg==",
                    "Proxy-Connection: keep-alive",
                    "Upgrade: example/1",
                    "X-End-To-End: kept");

            assertThat(new String(response.body()), response.status(), is(200));
        }
    }

    @Test
    void backendHopByHopHeadersAndConnectionTokensDoNotReachTheClient() throws Exception {
        try (RawHttp connection = new RawHttp(lb.port())) {
            RawHttp.Response response = connection.exchange("GET /backend-leg HTTP/1.1", "Host: lb.example");

            assertThat(response.status(), is(200));
            for (String name : List.of("x-backend-secret", "keep-alive", "proxy-authenticate", "trailer")) {
                assertThat(response.headerNames(), not(hasItem(name)));
            }
            assertThat(response.header("Connection").orElse(""), not(is("X-Backend-Secret")));
            assertThat(response.header("X-End-To-End").orElse(null), is("kept"));
            assertThat(response.header("Via").orElse(null), is("1.1 etag-lab-lb"));
            assertThat(new String(response.body()), is("hello"));
        }
    }

    @Test
    void spoofedForwardingHeadersAreReplacedAndViaIsAppended() {
        HttpResponse<byte[]> response = TestClient.send(TestClient.request(lb.uri("/forwarded"))
                                                                .header("Forwarded", "for=6.6.6.6;proto=https")
                                                                .header("X-Forwarded-For", "6.6.6.6")
                                                                .header("X-Forwarded-Host", "evil.example")
                                                                .header("X-Forwarded-Proto", "https")
                                                                .header("X-Forwarded-Port", "443")
                                                                .header("X-Forwarded-By", "6.6.6.6")
                                                                .header("X-Forwarded-Server", "evil.example")
                                                                .header("X-Real-IP", "6.6.6.6")
                                                                .header("Via", "1.1 upstream-proxy"));

        assertThat(new String(response.body()), response.statusCode(), is(200));
    }

    /** Not a rule of the balancer: proves a failed assertion inside a stub handler fails the test. */
    @Test
    void stubAssertionsAreNotSilent() {
        StubBackend failing = StubBackend.start(routing -> routing.get("/", (request, response) -> {
            throw new AssertionError("expected failure");
        }));
        TestClient.get(URI.create(failing.url() + "/"));

        AssertionError error = assertThrows(AssertionError.class, failing::close);
        assertThat(error.getCause().getMessage(), is("expected failure"));
    }
}
