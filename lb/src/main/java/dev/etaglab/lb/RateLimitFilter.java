package dev.etaglab.lb;

import java.net.InetSocketAddress;
import java.util.Optional;

import io.helidon.http.HeaderName;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;

/**
 * Applies the per-client limits before a request is proxied. The egress budget is checked first because it
 * costs nothing to check, so a request refused for bandwidth does not also spend a request token.
 * Installed only when at least one limit is configured.
 */
final class RateLimitFilter implements Filter {
    private final Optional<RequestLimit> requestLimit;
    private final Optional<EgressLimit> egressLimit;
    private final Optional<HeaderName> clientHeader;
    private final LbMetrics metrics;

    RateLimitFilter(Optional<RequestLimit> requestLimit, Optional<EgressLimit> egressLimit,
                    Optional<HeaderName> clientHeader, LbMetrics metrics) {
        this.requestLimit = requestLimit;
        this.egressLimit = egressLimit;
        this.clientHeader = clientHeader;
        this.metrics = metrics;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest clientRequest, RoutingResponse clientResponse) {
        String client = clientKey(clientRequest);
        Optional<Rejection> rejection = egressLimit.flatMap(limit -> limit.admit(client))
                .or(() -> requestLimit.flatMap(limit -> limit.admit(client)));
        if (rejection.isPresent()) {
            metrics.rateLimited(rejection.get().limit());
            rejection.get().send(clientResponse);
            return;
        }
        egressLimit.ifPresent(limit -> clientResponse.whenSent(() -> limit.charge(client, clientResponse.bytesWritten())));
        chain.proceed();
    }

    /**
     * The configured header when present (for clients behind a trusted front, or test clients sharing an
     * address), else the remote IP address. The port is left out: one client opens many connections.
     */
    private String clientKey(ServerRequest clientRequest) {
        return clientHeader.flatMap(name -> clientRequest.headers().first(name))
                .orElseGet(() -> ((InetSocketAddress) clientRequest.remotePeer().address()).getAddress().getHostAddress());
    }
}
