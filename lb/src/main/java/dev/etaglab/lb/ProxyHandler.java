package dev.etaglab.lb;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Picks a backend with the policy, forwards, and decides what to do when the backend fails: eject it on a
 * connect failure, retry once elsewhere when that is safe, otherwise answer with a problem.
 *
 * <p>{@code curl -i http://127.0.0.1:8080/items/1 -H 'If-None-Match: "abc"'} reaches one replica unchanged.
 */
final class ProxyHandler implements Handler {
    private static final System.Logger LOG = System.getLogger(ProxyHandler.class.getName());
    /** RFC 9110 §9.2.2: only idempotent requests may be repeated automatically; PUT is, but see {@link #retryable}. */
    private static final Set<Method> RETRYABLE_METHODS = Set.of(Method.GET, Method.HEAD);

    private final Backends backends;
    private final Policy policy;
    private final ClientAffinity.Source affinity;
    private final Forwarder forwarder;
    private final BackendHealth health;
    private final LbMetrics metrics;

    ProxyHandler(Backends backends, Policy policy, ClientAffinity.Source affinity, Forwarder forwarder,
                 BackendHealth health, LbMetrics metrics) {
        this.backends = backends;
        this.policy = policy;
        this.affinity = affinity;
        this.forwarder = forwarder;
        this.health = health;
        this.metrics = metrics;
    }

    @Override
    public void handle(ServerRequest clientRequest, ServerResponse clientResponse) {
        boolean retryable = retryable(clientRequest);
        ClientAffinity client = affinity.of(clientRequest, clientResponse);
        // One snapshot for both attempts: a backend added or removed meanwhile counts from the next request on.
        List<Backend> ring = backends.snapshot();
        int attemptsAllowed = retryable ? 2 : 1;
        Set<Backend> tried = new HashSet<>(2);
        BackendFailure lastFailure = null;
        for (int attempt = 1; attempt <= attemptsAllowed; attempt++) {
            Optional<Backend> backend = policy.select(ring, tried, client);
            if (backend.isEmpty()) {
                break;
            }
            if (attempt > 1) {
                metrics.retried();
            }
            tried.add(backend.get());
            ServedBy.record(backend.get());
            try {
                forward(clientRequest, clientResponse, backend.get(), retryable);
                return;
            } catch (BackendFailure failure) {
                lastFailure = failure;
                LOG.log(System.Logger.Level.DEBUG, failure.getMessage());
                if (failure.kind() != BackendFailure.Kind.CONNECT_FAILED) {
                    // The backend may have acted on the request; repeating it elsewhere is not provably safe.
                    break;
                }
                health.eject(failure.backend(), "connect failed");
            }
        }
        if (lastFailure == null) {
            Problems.send(clientResponse, Status.SERVICE_UNAVAILABLE_503, "no healthy backend");
        } else {
            Problems.send(clientResponse, lastFailure.kind().status(),
                          "backend " + lastFailure.backend() + ": " + lastFailure.kind().description());
        }
    }

    /**
     * One backend. A kept-alive connection the backend closed while it sat idle is not a backend failure (no
     * ejection, no attempt on another backend); RFC 9112 §9.3.1 lets an idempotent request be resent on a new
     * connection when one closes before the response, so a retryable request is, once.
     */
    private void forward(ServerRequest clientRequest, ServerResponse clientResponse, Backend backend, boolean retryable)
            throws BackendFailure {
        try {
            // A request that cannot be resent goes only on a connection checked to be still open.
            forwarder.forward(clientRequest, clientResponse, backend,
                              retryable ? BackendConnections.Reuse.AS_IS : BackendConnections.Reuse.CHECKED);
        } catch (BackendFailure failure) {
            if (failure.kind() != BackendFailure.Kind.STALE_CONNECTION || !retryable) {
                throw failure;
            }
            LOG.log(System.Logger.Level.DEBUG, failure.getMessage());
            metrics.resentOnNewConnection();
            forwarder.forward(clientRequest, clientResponse, backend, BackendConnections.Reuse.NEVER);
        }
    }

    /**
     * GET and HEAD without a body: a refused connection proves the first backend saw nothing, and without a
     * body there is nothing already consumed from the client that a second attempt would lack. PUT and POST
     * are never retried blindly.
     */
    private static boolean retryable(ServerRequest clientRequest) {
        return RETRYABLE_METHODS.contains(clientRequest.prologue().method()) && !clientRequest.content().hasEntity();
    }
}
