package dev.etaglab.lb;

import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

import com.dynatrace.hash4j.hashing.Hasher64;
import com.dynatrace.hash4j.hashing.Hashing;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The client's affinity key, carried in a cookie the balancer inserts, as ingress-nginx's {@code affinity: cookie}
 * and HAProxy's {@code cookie ... insert} do, together with the backend the client was last placed on. A request
 * without a valid {@value #NAME} cookie gets a fresh random key, and its response, whatever its status, carries
 * {@code Set-Cookie: lb_affinity=<key>.<backend>; Path=/; HttpOnly}. A request with one is routed by its key and
 * gets a new cookie only when it was served by another backend than the cookie names: the client was re-homed
 * (its backend was ejected, a new backend took it over, or it returns home), which {@code lb_affinity_rehomed_total}
 * counts and the client can see. The request reaches the backend unchanged, cookie included.
 *
 * <p>The value is 16 lower-case hex digits of a random 64-bit key, a dot and 8 hex digits naming the backend
 * (XXH3 of its {@code host:port}, so the cookie does not reveal the address). A bare key (the form before the
 * backend was added) routes as well and is re-issued with its backend, without counting a re-home. Any other value
 * is one the balancer cannot have minted and counts as absent (it is replaced). The key is not a secret: a client
 * that writes its own only chooses its own backend.
 */
final class AffinityCookie implements ClientAffinity.Source {
    static final String NAME = "lb_affinity";
    private static final int KEY_DIGITS = 16;
    private static final int BACKEND_DIGITS = 8;
    private static final HexFormat HEX = HexFormat.of();
    private static final Hasher64 XXH3 = Hashing.xxh3_64();

    private final LbMetrics metrics;

    AffinityCookie(LbMetrics metrics) {
        this.metrics = metrics;
    }

    /** What the cookie said: the key, and the backend the client was placed on (empty when it did not say). */
    record Value(long key, Optional<String> backend) {
    }

    @Override
    public ClientAffinity of(ServerRequest clientRequest, ServerResponse clientResponse) {
        Optional<Value> value = value(clientRequest.headers());
        boolean minted = value.isEmpty();
        long key = minted ? ThreadLocalRandom.current().nextLong() : value.get().key();
        Optional<String> placedOn = value.flatMap(Value::backend);
        // Added just before the response head is written, not now: only then is the backend that served it known
        // (a retry may have gone elsewhere), and the forwarder copies the backend's fields with set(), which would
        // replace a Set-Cookie added earlier (or be replaced by it, when the backend sets cookies of its own).
        // beforeSend runs after that copy, and on the balancer's own problem answers as well. RFC 6265 §3 allows
        // Set-Cookie on any response, and RFC 9110 §15.4.5 lists what a 304 must carry, not all it may: a client
        // polling with If-None-Match gets its key on its first 304 too.
        clientResponse.beforeSend(() -> {
            String servedBy = ServedBy.currentBackend();
            Optional<String> now = servedBy.equals(ServedBy.NONE) ? placedOn : Optional.of(backendId(servedBy));
            if (minted || !now.equals(placedOn)) {
                clientResponse.headers().add(setCookie(key, now));
                if (!minted && placedOn.isPresent()) {
                    metrics.rehomed();
                }
            }
        });
        return new ClientAffinity(key);
    }

    /** 8 hex digits for a backend's {@code host:port}: stable across balancers and restarts. */
    static String backendId(String backendLabel) {
        return HEX.toHexDigits((int) XXH3.hashCharsToLong(backendLabel));
    }

    /** The cookie's value in the request's {@code Cookie} fields (the first valid {@value #NAME} pair), if any. */
    static Optional<Value> value(Headers clientRequestHeaders) {
        if (!clientRequestHeaders.contains(HeaderNames.COOKIE)) {
            return Optional.empty();
        }
        // One field in HTTP/1.1 (RFC 6265 §5.4), but HTTP/2 may split it (RFC 9113 §8.2.3).
        for (String cookies : clientRequestHeaders.get(HeaderNames.COOKIE).allValues()) {
            Optional<Value> value = value(cookies);
            if (value.isPresent()) {
                return value;
            }
        }
        return Optional.empty();
    }

    /** The key in the request's {@code Cookie} fields, if any. */
    static OptionalLong key(Headers clientRequestHeaders) {
        return value(clientRequestHeaders).map(v -> OptionalLong.of(v.key())).orElse(OptionalLong.empty());
    }

    /** RFC 6265 §4.2.1: {@code name=value} pairs separated by {@code "; "}; whitespace around them is tolerated. */
    static Optional<Value> value(String cookies) {
        for (String pair : cookies.split(";")) {
            int equals = pair.indexOf('=');
            if (equals < 0 || !pair.substring(0, equals).strip().equals(NAME)) {
                continue;
            }
            String value = pair.substring(equals + 1).strip();
            if (value.length() == KEY_DIGITS && hex(value)) {
                return Optional.of(new Value(HexFormat.fromHexDigitsToLong(value), Optional.empty()));
            }
            if (value.length() == KEY_DIGITS + 1 + BACKEND_DIGITS && value.charAt(KEY_DIGITS) == '.'
                    && hex(value.substring(0, KEY_DIGITS)) && hex(value.substring(KEY_DIGITS + 1))) {
                return Optional.of(new Value(HexFormat.fromHexDigitsToLong(value.substring(0, KEY_DIGITS)),
                        Optional.of(value.substring(KEY_DIGITS + 1))));
            }
        }
        return Optional.empty();
    }

    /** The key in a {@code Cookie} field value, if any. */
    static OptionalLong key(String cookies) {
        return value(cookies).map(v -> OptionalLong.of(v.key())).orElse(OptionalLong.empty());
    }

    private static boolean hex(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** No Max-Age: the key lives as long as the client's session; no Domain: it goes back to this host only. */
    static Header setCookie(long key, Optional<String> backend) {
        return HeaderValues.create(HeaderNames.SET_COOKIE,
                NAME + "=" + HEX.toHexDigits(key) + backend.map(b -> "." + b).orElse("") + "; Path=/; HttpOnly");
    }
}
