package dev.etaglab.lb;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.WritableHeaders;

/**
 * Copies the end-to-end headers of a message from one leg to the other.
 *
 * <p>RFC 9110 §7.6.1: a proxy MUST remove the connection-specific fields before forwarding a message, both
 * the fixed set below and every field named in {@code Connection}, because they describe one hop, not the
 * exchange. The same rule applies to requests (client → backend) and responses (backend → client).
 */
final class HopByHop {
    /**
     * RFC 9110 §7.6.1 lists Proxy-Connection, Keep-Alive, TE, Transfer-Encoding and Upgrade; RFC 9110 §11.7
     * makes Proxy-Authenticate/Proxy-Authorization hop-specific; Trailer announces chunked trailers, which
     * do not survive re-framing on the next hop.
     */
    static final Set<String> HEADERS = Set.of(
            "connection", "keep-alive", "proxy-authorization", "proxy-authenticate", "proxy-connection",
            "te", "trailer", "transfer-encoding", "upgrade");

    private HopByHop() {
    }

    /** The lower-case names not to forward from {@code message}: the fixed set plus its Connection tokens. */
    static Set<String> namesToDrop(Headers message) {
        if (!message.contains(HeaderNames.CONNECTION)) {
            return HEADERS;
        }
        // A set of its own only for a token outside the fixed set: "Connection: keep-alive", on nearly every
        // backend response, names nothing new, and this runs twice per proxied request.
        Set<String> names = HEADERS;
        for (String name : tokens(message, HeaderNames.CONNECTION)) {
            if (!names.contains(name)) {
                if (names == HEADERS) {
                    names = new HashSet<>(HEADERS);
                }
                names.add(name);
            }
        }
        return names;
    }

    /**
     * The comma-separated tokens of every {@code name} field in {@code message}, lower-case and in order
     * (RFC 9110 §5.6.1 lists; connection options and transfer codings are case-insensitive tokens).
     */
    static List<String> tokens(Headers message, HeaderName name) {
        if (!message.contains(name)) {
            return List.of();
        }
        List<String> tokens = new ArrayList<>(2);
        for (String value : message.get(name).allValues()) {
            for (String token : value.split(",")) {
                String lowerCase = token.strip().toLowerCase(Locale.ROOT);
                if (!lowerCase.isEmpty()) {
                    tokens.add(lowerCase);
                }
            }
        }
        return tokens;
    }

    /**
     * Copies every header of {@code from} except hop-by-hop ones and those in {@code alsoDrop} (lower-case
     * names the caller replaces with its own values).
     */
    static void copyEndToEnd(Headers from, WritableHeaders<?> to, Set<String> alsoDrop) {
        forEachEndToEnd(from, alsoDrop, to::set);
    }

    /** Passes every header of {@code from} except hop-by-hop ones and those in {@code alsoDrop} to {@code action}. */
    static void forEachEndToEnd(Headers from, Set<String> alsoDrop, Consumer<Header> action) {
        Set<String> drop = namesToDrop(from);
        for (Header header : from) {
            String name = header.headerName().lowerCase();
            if (!drop.contains(name) && !alsoDrop.contains(name)) {
                action.accept(header);
            }
        }
    }
}
