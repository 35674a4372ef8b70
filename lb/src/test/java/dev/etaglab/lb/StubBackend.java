package dev.etaglab.lb;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;

/**
 * A replica stand-in: a Helidon server on 127.0.0.1, port 0, with the routes a test gives it plus
 * {@code GET /health}. Assertions may live in its handlers (Jetty {@code ReverseProxyTest} style): a failed
 * one answers 500 and is kept, and {@link #close()} rethrows it, so the test fails with the real message.
 */
final class StubBackend implements AutoCloseable {
    private final Consumer<HttpRouting.Builder> routes;
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger healthProbes = new AtomicInteger();
    private volatile WebServer server;
    private final int port;

    private StubBackend(Consumer<HttpRouting.Builder> routes, int port) {
        this.routes = routes;
        this.server = startServer(port);
        this.port = server.port();
    }

    static StubBackend start(Consumer<HttpRouting.Builder> routes) {
        return new StubBackend(routes, 0);
    }

    private WebServer startServer(int port) {
        return WebServer.builder()
                .host("127.0.0.1")
                .port(port)
                .shutdownHook(false)
                .routing(routing -> {
                    routing.get("/health", (request, response) -> response.send("UP"));
                    routing.addFilter((chain, request, response) -> {
                        if (request.path().path().equals("/health")) {
                            healthProbes.incrementAndGet();
                        } else {
                            requests.incrementAndGet();
                        }
                        chain.proceed();
                    });
                    routes.accept(routing);
                    routing.error(AssertionError.class, (request, response, failure) -> {
                        failures.add(failure);
                        response.status(500).send(failure.toString());
                    });
                })
                .build()
                .start();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Requests received, health probes excluded. */
    int requests() {
        return requests.get();
    }

    /** {@code GET /health} requests received. */
    int healthProbes() {
        return healthProbes.get();
    }

    void stop() {
        server.stop();
    }

    /** Starts again on the same port, as a restarted replica would. */
    void restart() {
        server = startServer(port);
    }

    @Override
    public void close() {
        server.stop();
        if (!failures.isEmpty()) {
            AssertionError error = new AssertionError("stub backend " + url() + " saw a failure", failures.getFirst());
            failures.stream().skip(1).forEach(error::addSuppressed);
            throw error;
        }
    }
}
