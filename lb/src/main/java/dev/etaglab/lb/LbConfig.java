package dev.etaglab.lb;

import dev.etaglab.support.web.ListenerLimits;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything a balancer needs to start; built from the command line by {@link Main}.
 *
 * @param host            address both listeners bind to
 * @param port            proxy port (0 picks a free one)
 * @param adminPort       port of {@code /metrics} and {@code /health} (0 picks a free one)
 * @param backends        backend origins, {@code http://host:port}, in ring order
 * @param policy          how a backend is chosen per request
 * @param healthPath      path probed on every backend by the active health check
 * @param healthInterval  delay between two probes of one backend
 * @param connectTimeout  limit on opening a backend connection
 * @param backendTimeout  limit on waiting for backend bytes (504 when exceeded before the response started)
 * @param requestLimit    per-client request bucket, off when empty
 * @param egressLimit     per-client egress-bytes bucket, off when empty
 * @param clientHeader    header identifying a client for the limits, remote address when empty
 * @param maxBody         largest request body forwarded; larger ones get 413 without reaching a backend
 * @param limits          header size and time, idle time on both listeners
 */
record LbConfig(String host,
                int port,
                int adminPort,
                List<URI> backends,
                PolicyName policy,
                String healthPath,
                Duration healthInterval,
                Duration connectTimeout,
                Duration backendTimeout,
                Optional<LimitSpec> requestLimit,
                Optional<LimitSpec> egressLimit,
                Optional<String> clientHeader,
                long maxBody,
                ListenerLimits limits) {
    LbConfig {
        backends = List.copyOf(backends);
        if (backends.isEmpty()) {
            throw new IllegalArgumentException("at least one --backend is required");
        }
        requirePort("--port", port);
        requirePort("--admin-port", adminPort);
        if (port != 0 && port == adminPort) {
            throw new IllegalArgumentException("--port and --admin-port must differ: /metrics must not be reachable through the proxy");
        }
        if (!healthPath.startsWith("/")) {
            throw new IllegalArgumentException("--health-path must start with '/', got '" + healthPath + "'");
        }
    }

    private static void requirePort(String option, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(option + " must be between 0 and 65535, got " + port);
        }
    }
}
