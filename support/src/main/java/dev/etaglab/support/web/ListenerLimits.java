package dev.etaglab.support.web;

import io.helidon.http.DirectHandler;
import io.helidon.webserver.ListenerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What one client may make a listener of ours hold, applied the same way by the replica and the load
 * balancer: the size of a header section, the time to send it, the time a connection may sit idle, and
 * an RFC 9457 body on every error Helidon answers before routing.
 *
 * <p>Helidon 4.5 bounds the header section's size but not the time it takes to arrive: its socket read
 * timeout is a client option, and its idle-connection check skips a connection that is reading headers.
 * So a client that sends a request line and then trickles header bytes (or none) holds a connection for
 * ever. {@link HeaderDeadline} closes such a connection with 408 once {@code headerTimeout} has passed
 * since the request line; Helidon's idle check, which does interrupt a connection waiting for a request
 * line, bounds a trickled request line by {@code idleTimeout} (plus its check period). A body is bounded in
 * size by the listener's max payload, and in pace by {@link BodyDeadline}: the handler may wait for it
 * {@code bodyTimeout} plus one second per {@code bodyMinRate} bytes received, then the client gets 408.
 *
 * <p>The same two calls also put right two HTTP/1.1 rules Helidon 4.5 breaks on every listener of ours:
 * {@link NoContentLengthWithoutContent} (no {@code Content-Length} on a 304 or 204, RFC 9110 §8.6) and
 * {@link CloseAfterResponse} (a request carrying {@code Connection: close} gets its response and then a
 * closed connection, RFC 9112 §9.6, not one left open until the idle timeout).
 *
 * @param maxHeaderSection largest header section answered normally; larger ones get 431 from
 *                         {@link HeaderSectionLimit} (RFC 6585 §5), and beyond {@link #HARD_HEADER_LIMIT}
 *                         Helidon stops reading and answers 400 (RFC 9110 §5.4: some 4xx)
 * @param headerTimeout    longest time from the request line to the end of the header section
 * @param idleTimeout      longest time a connection may wait for (or trickle) its next request line
 * @param bodyTimeout      longest time a handler may wait for a request body, before the extension below
 * @param bodyMinRate      bytes per second of body that earn one more second of waiting (0: no extension)
 */
public record ListenerLimits(int maxHeaderSection, Duration headerTimeout, Duration idleTimeout,
                             Duration bodyTimeout, long bodyMinRate) {

    /** Where Helidon itself stops reading a header section: four times the limit we answer 431 beyond. */
    public static final int HARD_HEADER_LIMIT = 64 * 1024;
    /** Highest {@link #bodyMinRate}: 1 GB/s. */
    public static final long MAX_BODY_MIN_RATE = 1_000_000_000L;
    /**
     * 16 KiB of fields (Helidon's own default), 10 s to send them, 30 s of silence between requests; 20 s for a
     * body plus a second per 500 bytes (mod_reqtimeout's defaults).
     */
    public static final ListenerLimits DEFAULTS = new ListenerLimits(16 * 1024, Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(20), 500);

    /* The messages name the command-line options, which both the replica and the balancer spell this way. */
    public ListenerLimits {
        if (maxHeaderSection < 1 || maxHeaderSection >= HARD_HEADER_LIMIT) {
            throw new IllegalArgumentException("the header section limit must be between 1 and " + HARD_HEADER_LIMIT);
        }
        if (headerTimeout.isNegative() || headerTimeout.isZero()) {
            throw new IllegalArgumentException("--header-timeout must be positive");
        }
        if (idleTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("--idle-timeout must be at least 1 s");
        }
        if (bodyTimeout.isNegative() || bodyTimeout.isZero()) {
            throw new IllegalArgumentException("--body-timeout must be positive");
        }
        if (bodyMinRate < 0 || bodyMinRate > MAX_BODY_MIN_RATE) {
            throw new IllegalArgumentException("--body-min-rate must be between 0 and " + MAX_BODY_MIN_RATE + " bytes/s");
        }
    }

    public ListenerLimits withHeaderTimeout(Duration value) {
        return new ListenerLimits(maxHeaderSection, value, idleTimeout, bodyTimeout, bodyMinRate);
    }

    public ListenerLimits withIdleTimeout(Duration value) {
        return new ListenerLimits(maxHeaderSection, headerTimeout, value, bodyTimeout, bodyMinRate);
    }

    public ListenerLimits withBodyTimeout(Duration value) {
        return new ListenerLimits(maxHeaderSection, headerTimeout, idleTimeout, value, bodyMinRate);
    }

    public ListenerLimits withBodyMinRate(long value) {
        return new ListenerLimits(maxHeaderSection, headerTimeout, idleTimeout, bodyTimeout, value);
    }

    /** Applies the limits to one listener (the default one, or a named socket). */
    public void applyTo(ListenerConfig.BuilderBase<?, ?> listener) {
        applyTo(listener, http1 -> { });
    }

    /**
     * The same, with the listener's own HTTP/1.1 settings on top (the balancer skips re-validating the
     * response headers it relays); there is one HTTP/1.1 configuration per listener, so it is built here.
     */
    public void applyTo(ListenerConfig.BuilderBase<?, ?> listener, Consumer<Http1Config.Builder> http1Settings) {
        // With a listener of our own on each side, Helidon adds no per-connection logging listener (it would
        // only log at TRACE/DEBUG anyway).
        Http1Config.Builder http1 = Http1Config.builder()
                .maxHeadersSize(HARD_HEADER_LIMIT)
                .addReceiveListener(new HeaderDeadline(headerTimeout))
                .addSendListener(new NoContentLengthWithoutContent());
        http1Settings.accept(http1);
        // Our HTTP/1.1 configuration replaces the discovered one rather than joining it: with two candidates
        // Helidon sniffs every connection and silently closes one neither claims (an HTTP/1.0 request, a
        // bare-LF request line) instead of answering 505 or 400.
        listener.protocolsDiscoverServices(false)
                .addProtocol(http1.build())
                .idleConnectionTimeout(idleTimeout)
                // Helidon refreshes a connection's timestamp at most once per second; checking more often
                // than that gains nothing.
                .idleConnectionPeriod(Duration.ofMillis(Math.max(1000, idleTimeout.toMillis() / 4)))
                .directHandlers(handlers -> {
                    for (DirectHandler.EventType type : DirectHandler.EventType.values()) {
                        handlers.addHandler(type, new ProblemDirectHandler());
                    }
                });
    }

    /**
     * Installs the routing side of the limits, in the order they must run: the close after a response to
     * {@code Connection: close} ({@link CloseAfterResponse}) around everything else, 431 above
     * {@link #maxHeaderSection} ({@link HeaderSectionLimit}) before a rate-limit token is spent or a handler
     * runs, then the body deadline ({@link BodyDeadline}) before anything reads the body. Call it once per
     * routing, before any other filter that may reject a request; each call starts its own periodic check of
     * body deadlines.
     */
    public void addFiltersTo(HttpRouting.Builder routing) {
        routing.addFilter(new CloseAfterResponse());
        routing.addFilter(new HeaderSectionLimit(maxHeaderSection));
        routing.addFilter(new BodyDeadline(bodyTimeout, bodyMinRate));
    }
}
