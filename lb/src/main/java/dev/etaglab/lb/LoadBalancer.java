package dev.etaglab.lb;

import dev.etaglab.support.web.ListenerLimits;
import java.time.Duration;
import java.util.Optional;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;

/**
 * A running balancer: the proxy listener, the admin listener, the backend client and the health checks.
 * Wires the parts together and owns their lifecycle; holds no logic of its own.
 */
public final class LoadBalancer implements AutoCloseable {
    static final String ADMIN_SOCKET = "admin";

    private final WebServer server;
    private final BackendHealth health;
    private final BackendConnections connections;
    private final BackendTimeout backendTimeout;

    private LoadBalancer(WebServer server, BackendHealth health, BackendConnections connections,
                         BackendTimeout backendTimeout) {
        this.server = server;
        this.health = health;
        this.connections = connections;
        this.backendTimeout = backendTimeout;
    }

    static LoadBalancer start(LbConfig config) {
        Backends backends = new Backends(config.backends().stream().map(Backend::new).toList());
        LbMetrics metrics = new LbMetrics(backends);
        BackendHealth health = new BackendHealth(backends,
                                                 backendClient(config.connectTimeout(), config.healthInterval()),
                                                 config.healthPath(), config.healthInterval(), metrics);
        // No socket read timeout: BackendTimeout enforces --backend-timeout without a timer per read.
        BackendConnections connections = new BackendConnections(backends.snapshot(), config.connectTimeout());
        backends.addListener(connections);
        backends.addListener(health);
        BackendTimeout backendTimeout = new BackendTimeout(config.backendTimeout());
        Forwarder forwarder = new Forwarder(connections, backendTimeout);
        ClientAffinity.Source affinity = config.policy().readsClientAffinity()
                ? new AffinityCookie(metrics)
                : ClientAffinity.Source.NONE;
        ProxyHandler proxy = new ProxyHandler(backends, config.policy().newPolicy(), affinity, forwarder, health, metrics);
        Optional<RateLimitFilter> rateLimits = rateLimits(config, metrics);

        WebServerConfig.Builder builder = WebServer.builder()
                .host(config.host())
                .port(config.port())
                // Nagle + delayed ACK stall every response that spans more than one segment (measured: a 20 KiB
                // 200 drops to ~1.1k req/s), so both legs disable Nagle.
                .connectionOptions(socket -> socket.tcpNoDelay(true))
                // Bodies pass through as bytes: no decoding of a gzip request, no re-encoding of a response.
                .contentEncoding(encoding -> encoding.contentEncodingsDiscoverServices(false))
                // Helidon answers 413 before routing for a declared length over the limit, and fails the read of
                // a chunked body once it passes the limit (Forwarder turns that into 413 as well).
                .maxPayloadSize(config.maxBody())
                .routing(routing -> proxyRouting(routing, metrics, rateLimits, proxy, config.limits()))
                .putSocket(ADMIN_SOCKET, admin -> config.limits().applyTo(admin.host(config.host()).port(config.adminPort())))
                .routing(ADMIN_SOCKET, routing -> routing.register(new AdminService(metrics, backends)));
        config.limits().applyTo(builder, http1 -> http1
                // Response headers are the backend's, already validated when the client parsed them, plus the
                // balancer's own constants; checking them again on the way out is CPU spent on every proxied
                // request for nothing (it showed in an uncommitted profile). Requests are still validated.
                .validateResponseHeaders(false)
                // Per-connection debug logging: off unless a logger asks, but the check is per message.
                .receiveLog(false)
                .sendLog(false));
        WebServer server = builder.build().start();
        health.start();
        return new LoadBalancer(server, health, connections, backendTimeout);
    }

    private static void proxyRouting(HttpRouting.Builder routing, LbMetrics metrics,
                                     Optional<RateLimitFilter> rateLimits, ProxyHandler proxy, ListenerLimits limits) {
        routing.addFilter(new MetricsFilter(metrics));
        // 431 before a rate-limit token is spent or a backend is chosen; 408 for a body that keeps the balancer
        // (and the backend connection it holds) waiting too long.
        limits.addFiltersTo(routing);
        rateLimits.ifPresent(routing::addFilter);
        // Every method and path is proxied, /metrics included: the proxy port reserves no paths.
        routing.any(proxy);
    }

    private static Optional<RateLimitFilter> rateLimits(LbConfig config, LbMetrics metrics) {
        if (config.requestLimit().isEmpty() && config.egressLimit().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RateLimitFilter(config.requestLimit().map(RequestLimit::new),
                                               config.egressLimit().map(EgressLimit::new),
                                               config.clientHeader().map(HeaderNames::create),
                                               metrics));
    }

    private static Http1Client backendClient(Duration connectTimeout, Duration readTimeout) {
        return Http1Client.create(backendClientConfig(connectTimeout, readTimeout));
    }

    /**
     * The health probes' client (proxied requests go through {@link BackendConnections}). Content-encoding
     * discovery is off, otherwise Helidon gunzips a gzip body; no redirects, no system proxy, no
     * {@code Expect: 100-continue} round trip.
     */
    private static Http1ClientConfig backendClientConfig(Duration connectTimeout, Duration readTimeout) {
        return Http1ClientConfig.builder()
                .followRedirects(false)
                .proxy(Proxy.noProxy())
                .contentEncoding(encoding -> encoding.contentEncodingsDiscoverServices(false))
                .sendExpectContinue(false)
                // The request headers were validated when the server parsed them; the balancer adds only its own.
                .protocolConfig(protocol -> protocol.validateRequestHeaders(false))
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .socketOptions(socket -> socket.tcpNoDelay(true))
                .buildPrototype();
    }

    /** The proxy port (the actual one when 0 was configured). */
    public int port() {
        return server.port();
    }

    /** The admin port serving {@code /metrics} and {@code /health}. */
    public int adminPort() {
        return server.port(ADMIN_SOCKET);
    }

    @Override
    public void close() {
        health.close();
        server.stop();
        connections.close();
        backendTimeout.close();
    }
}
