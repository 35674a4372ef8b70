package dev.etaglab.lb;

import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The client's affinity key, carried in a cookie the balancer inserts, as ingress-nginx's {@code affinity: cookie}
 * and HAProxy's {@code cookie ... insert} do. A request without a valid {@value #NAME} cookie gets a fresh random
 * key, and its response, whatever its status, carries {@code Set-Cookie: lb_affinity=<key>; Path=/; HttpOnly};
 * a request with one is routed by it and gets no new cookie. The request reaches the backend unchanged, cookie
 * included.
 *
 * <p>The value is the key itself, 16 lower-case hex digits of a random 64-bit number, so nothing is stored and
 * nothing is hashed to read it. Any other value is one the balancer cannot have minted and counts as absent (it
 * is replaced). The key is not a secret: a client that writes its own only chooses its own backend.
 */
final class AffinityCookie implements ClientAffinity.Source {
    static final String NAME = "lb_affinity";
    private static final int KEY_DIGITS = 16;
    private static final HexFormat HEX = HexFormat.of();

    @Override
    public ClientAffinity of(ServerRequest clientRequest, ServerResponse clientResponse) {
        OptionalLong key = key(clientRequest.headers());
        if (key.isPresent()) {
            return new ClientAffinity(key.getAsLong());
        }
        long minted = ThreadLocalRandom.current().nextLong();
        Header setCookie = setCookie(minted);
        // Added just before the response head is written, not now: the forwarder copies the backend's fields with
        // set(), which would replace a Set-Cookie added earlier (or be replaced by it, when the backend sets cookies
        // of its own). beforeSend runs after that copy, and on the balancer's own problem answers as well.
        // RFC 6265 §3 allows Set-Cookie on any response, and RFC 9110 §15.4.5 lists what a 304 must carry, not
        // all it may: a client polling with If-None-Match gets its key on its first 304 too.
        clientResponse.beforeSend(() -> clientResponse.headers().add(setCookie));
        return new ClientAffinity(minted);
    }

    /** The key in the request's {@code Cookie} fields (the first valid {@value #NAME} pair), if any. */
    static OptionalLong key(Headers clientRequestHeaders) {
        if (!clientRequestHeaders.contains(HeaderNames.COOKIE)) {
            return OptionalLong.empty();
        }
        // One field in HTTP/1.1 (RFC 6265 §5.4), but HTTP/2 may split it (RFC 9113 §8.2.3).
        for (String cookies : clientRequestHeaders.get(HeaderNames.COOKIE).allValues()) {
            OptionalLong key = key(cookies);
            if (key.isPresent()) {
                return key;
            }
        }
        return OptionalLong.empty();
    }

    /** RFC 6265 §4.2.1: {@code name=value} pairs separated by {@code "; "}; whitespace around them is tolerated. */
    static OptionalLong key(String cookies) {
        for (String pair : cookies.split(";")) {
            int equals = pair.indexOf('=');
            if (equals < 0 || !pair.substring(0, equals).strip().equals(NAME)) {
                continue;
            }
            String value = pair.substring(equals + 1).strip();
            if (mintable(value)) {
                return OptionalLong.of(HexFormat.fromHexDigitsToLong(value));
            }
        }
        return OptionalLong.empty();
    }

    private static boolean mintable(String value) {
        if (value.length() != KEY_DIGITS) {
            return false;
        }
        for (int i = 0; i < KEY_DIGITS; i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** No Max-Age: the key lives as long as the client's session; no Domain: it goes back to this host only. */
    static Header setCookie(long key) {
        return HeaderValues.create(HeaderNames.SET_COOKIE, NAME + "=" + HEX.toHexDigits(key) + "; Path=/; HttpOnly");
    }
}
