package dev.etaglab.server.app;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Operator endpoints on the admin listener only ({@code --admin-port}), never on the port a load
 * balancer forwards to.
 *
 * <pre>
 *   curl -s http://127.0.0.1:9081/cache-control
 *   curl -X PUT -H "Authorization: Bearer $ETAGLAB_TOKEN" --data 'max-age=10' http://127.0.0.1:9081/cache-control
 * </pre>
 */
final class AdminService implements HttpService {

    private final CachePolicy cachePolicy;
    private final Optional<WriteToken> token;

    AdminService(CachePolicy cachePolicy, Optional<WriteToken> token) {
        this.cachePolicy = cachePolicy;
        this.token = token;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/cache-control", this::show)
                .put("/cache-control", this::change);
    }

    private void show(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "text/plain");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(cachePolicy.value() + "\n");
    }

    private void change(ServerRequest req, ServerResponse res) {
        if (token.isEmpty() || !token.get().permits(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null))) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"etag-lab\"");
            new Problem(Status.UNAUTHORIZED_401, "unauthorized", "Missing or wrong bearer token",
                    "changing the policy needs the replica's write token").send(res);
            return;
        }
        String value = new String(req.content().as(byte[].class), StandardCharsets.UTF_8).strip();
        try {
            cachePolicy.set(value);
        } catch (IllegalArgumentException e) {
            new Problem(Status.BAD_REQUEST_400, "invalid-cache-control", "Not a Cache-Control value", e.getMessage())
                    .send(res);
            return;
        }
        res.status(Status.NO_CONTENT_204).send();
    }
}
