package dev.etaglab.lb;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The balancer's Prometheus metrics, in a registry of its own (several balancers may share a JVM in tests).
 *
 * <p>Egress bytes are what the client was sent: status line, headers and body as written by the server, so
 * a 304 counts its header bytes and a 200 its headers plus body. Responses and egress share the labels
 * {@code code} and {@code backend} ({@code host:port}, or {@code none} when the balancer answered itself).
 */
final class LbMetrics {
    static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private static final int MAX_STATUS = 599;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ConcurrentMap<String, AtomicReferenceArray<Series>> seriesByBackend = new ConcurrentHashMap<>();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter requests = Counter.builder()
            .name("lb_requests_total").help("Client requests received on the proxy port")
            .register(registry);
    private final Counter responses = Counter.builder()
            .name("lb_responses_total").help("Responses sent to clients, by status code and backend")
            .labelNames("code", "backend")
            .register(registry);
    private final Counter egressBytes = Counter.builder()
            .name("lb_egress_bytes_total").help("Bytes written to clients (status line, headers and body)")
            .labelNames("code", "backend")
            .register(registry);
    private final Gauge inFlight = Gauge.builder()
            .name("lb_in_flight_requests").help("Client requests being handled right now")
            .register(registry);
    private final Counter retries = Counter.builder()
            .name("lb_retries_total").help("Requests sent to a second backend after the first refused the connection")
            .register(registry);
    private final Counter resends = Counter.builder()
            .name("lb_stale_connection_resends_total")
            .help("Requests resent on a new connection after a kept-alive backend connection turned out closed")
            .register(registry);
    private final Counter ejections = Counter.builder()
            .name("lb_ejections_total").help("Times a backend was taken out of rotation")
            .labelNames("backend")
            .register(registry);
    private final Counter rehomed = Counter.builder()
            .name("lb_affinity_rehomed_total")
            .help("Sticky clients served by another backend than their cookie names (ejection, scale-out, return)")
            .register(registry);
    private final Counter rateLimited = Counter.builder()
            .name("lb_rate_limited_total").help("Requests answered 429 by a client limit, by limit")
            .labelNames("limit")
            .register(registry);

    /** {@code lb_backend_up} has one series per current backend: one added at run time appears, a removed one goes. */
    LbMetrics(Backends backends) {
        GaugeWithCallback.builder()
                .name("lb_backend_up").help("1 while a backend is in rotation, 0 while ejected or not yet probed")
                .labelNames("backend")
                .callback(callback -> backends.snapshot().forEach(
                        backend -> callback.call(backend.isHealthy() ? 1 : 0, backend.label())))
                .register(registry);
    }

    void requestStarted() {
        requests.inc();
        inFlight.inc();
    }

    void rehomed() {
        rehomed.inc();
    }

    void requestFinished() {
        inFlight.dec();
    }

    void responded(int code, String backend, long bytesWritten) {
        Series series = series(code, backend);
        series.responses.inc();
        series.egressBytes.inc(bytesWritten);
    }

    /**
     * The two labelled series of one code and backend, looked up in Prometheus once: labelValues() builds a
     * label list and hashes it on every call, and this runs for every response.
     */
    private Series series(int code, String backend) {
        AtomicReferenceArray<Series> byCode = seriesByBackend.computeIfAbsent(
                backend, ignored -> new AtomicReferenceArray<>(MAX_STATUS + 1));
        boolean cacheable = code >= 0 && code <= MAX_STATUS;
        Series series = cacheable ? byCode.get(code) : null;
        if (series == null) {
            String status = Integer.toString(code);
            series = new Series(responses.labelValues(status, backend), egressBytes.labelValues(status, backend));
            if (cacheable) {
                byCode.set(code, series);
            }
        }
        return series;
    }

    private record Series(CounterDataPoint responses, CounterDataPoint egressBytes) {
    }

    void retried() {
        retries.inc();
    }

    void resentOnNewConnection() {
        resends.inc();
    }

    void ejected(Backend backend) {
        ejections.labelValues(backend.label()).inc();
    }

    void rateLimited(String limit) {
        rateLimited.labelValues(limit).inc();
    }

    void writeTo(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }
}
