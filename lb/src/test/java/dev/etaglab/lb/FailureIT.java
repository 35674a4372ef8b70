package dev.etaglab.lb;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** What the client sees when the backend cannot answer: RFC 9457 problems with the gateway statuses. */
class FailureIT {
    @Test
    void backendTimeoutAnswers504WithAProblem() {
        try (StubBackend slow = StubBackend.start(routing -> routing.get("/slow", (request, response) -> {
                 Thread.sleep(2_000);
                 response.send("too late");
             }));
             RunningLb lb = RunningLb.start(List.of(slow), "--backend-timeout", "300ms")) {
            HttpResponse<byte[]> response = TestClient.get(lb.uri("/slow"));

            assertProblem(response, 504, "Gateway Timeout");
        }
    }

    @Test
    void refusedConnectionAnswers502WithAProblem() {
        try (StubBackend dead = StubBackend.start(routing -> { })) {
            dead.stop();
            try (RunningLb lb = RunningLb.start(List.of(dead), "--health-interval", "1h")) {
                assertProblem(TestClient.get(lb.uri("/poll")), 502, "Bad Gateway");
            }
        }
    }

    @Test
    void everyBackendEjectedAnswers503WithAProblem() {
        try (StubBackend dead = StubBackend.start(routing -> { })) {
            dead.stop();
            try (RunningLb lb = RunningLb.start(List.of(dead), "--health-interval", "1h")) {
                TestClient.get(lb.uri("/poll"));

                assertProblem(TestClient.get(lb.uri("/poll")), 503, "Service Unavailable");
            }
        }
    }

    private static void assertProblem(HttpResponse<byte[]> response, int status, String title) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(body, response.statusCode(), is(status));
        assertThat(response.headers().firstValue("Content-Type").orElse(null), is("application/problem+json"));
        assertThat(body, containsString("\"type\":\"about:blank\""));
        assertThat(body, containsString("\"title\":\"" + title + "\""));
        assertThat(body, containsString("\"status\":" + status));
        assertThat(body, containsString("\"detail\":"));
    }
}
