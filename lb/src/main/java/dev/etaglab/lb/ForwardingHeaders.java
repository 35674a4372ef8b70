package dev.etaglab.lb;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;
import java.util.Set;

import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;

/** The headers a proxy adds to say a message went through it: {@code Via}, {@code Forwarded}, {@code X-Forwarded-For}. */
final class ForwardingHeaders {
    static final HeaderName FORWARDED = HeaderNames.create("Forwarded");
    static final HeaderName X_FORWARDED_FOR = HeaderNames.X_FORWARDED_FOR;

    /**
     * RFC 9110 §7.6.3: each proxy appends {@code received-protocol received-by}; a pseudonym stands in for the
     * host name so the backend topology is not disclosed.
     */
    static final String PSEUDONYM = "etag-lab-lb";

    /**
     * Client-supplied forwarding headers are never passed on: a client could claim any address, host or scheme
     * and defeat per-client accounting or URL building on the replica. The balancer is the edge: it sets
     * {@code Forwarded} and {@code X-Forwarded-For} itself and drops the de-facto variants (RFC 7239 §1 names
     * X-Forwarded-For, -By and -Proto; X-Forwarded-Host, -Port, -Server and X-Real-IP are as common).
     */
    static final Set<String> UNTRUSTED_FROM_CLIENT = Set.of("forwarded", "x-forwarded-for", "x-forwarded-by",
            "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port", "x-forwarded-server", "x-real-ip");

    // RFC 9110 §5.6.2 tchar besides ALPHA and DIGIT; anything else in a Forwarded value must be a quoted-string
    // (RFC 7239 §4). A loop rather than a regex: this runs on every proxied request.
    private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

    private ForwardingHeaders() {
    }

    /** {@code Via} for a message received over HTTP/1.1, nearly every one: built once, its bytes cached. */
    static final Header VIA_1_1 = HeaderValues.createCached(HeaderNames.VIA, via("1.1"));

    /** The {@code Via} value for a message received with HTTP version {@code protocolVersion} (e.g. "1.1"). */
    static String via(String protocolVersion) {
        return protocolVersion + " " + PSEUDONYM;
    }

    /** The {@code Via} header for a message received with HTTP version {@code protocolVersion}. */
    static Header viaHeader(String protocolVersion) {
        return protocolVersion.equals("1.1") ? VIA_1_1 : HeaderValues.create(HeaderNames.VIA, via(protocolVersion));
    }

    /** One RFC 7239 forwarded-element: {@code for=...;proto=http[;host=...]}. */
    static String forwarded(InetAddress client, String proto, Optional<String> host) {
        // RFC 7239 §6: an IPv6 node is written in brackets, which makes it a quoted-string.
        String node = client instanceof Inet6Address ? "[" + client.getHostAddress() + "]" : client.getHostAddress();
        StringBuilder element = new StringBuilder(64).append("for=");
        appendTokenOrQuoted(element, node);
        appendTokenOrQuoted(element.append(";proto="), proto);
        if (host.isPresent()) {
            appendTokenOrQuoted(element.append(";host="), host.get());
        }
        return element.toString();
    }

    /** {@code X-Forwarded-For}: the client address alone (de-facto format, no port, no brackets). */
    static String xForwardedFor(InetAddress client) {
        return client.getHostAddress();
    }

    private static void appendTokenOrQuoted(StringBuilder to, String value) {
        if (isToken(value)) {
            to.append(value);
            return;
        }
        to.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                to.append('\\');
            }
            to.append(c);
        }
        to.append('"');
    }

    private static boolean isToken(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean alphanumeric = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
            if (!alphanumeric && TCHAR_SYMBOLS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }
}
