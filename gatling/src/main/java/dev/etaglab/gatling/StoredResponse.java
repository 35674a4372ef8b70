package dev.etaglab.gatling;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * What a private cache (a browser's, a dashboard app's) keeps for the polled URL: the validator to revalidate
 * with, until when the stored response is fresh, and the digest of the bytes it holds. Keyed by the URL alone,
 * as browsers key their HTTP cache: a cookie the balancer sets does not split it (Gatling's own cache adds the
 * request's cookies to its key, so a sticky balancer's cookie would cost its clients a full fetch).
 *
 * <p>RFC 9111 subset the lab's responses need: freshness lifetime from {@code max-age} (§4.2.1), measured from
 * when the response was received (no cache sits between client and balancer, so its age on arrival is the
 * transfer time, §4.2.3); {@code no-cache} means every reuse needs a successful revalidation (§5.2.2.4); no
 * heuristic freshness, since every answer states its lifetime. A 304 freshens the stored response and
 * replaces its stored fields with its own (§4.3.4).
 *
 * @param etag          the entity tag to send in If-None-Match
 * @param freshUntil    epoch milliseconds until which the response may be reused without asking
 * @param contentDigest what the stored bytes are (a digest)
 */
public record StoredResponse(String etag, long freshUntil, String contentDigest) {

    /** A 200 received at {@code receivedMillis}. */
    public static StoredResponse of(long receivedMillis, String etag, String cacheControl, String contentDigest) {
        return new StoredResponse(etag, freshUntil(receivedMillis, cacheControl), contentDigest);
    }

    /** The same bytes, freshened by a 304 received at {@code receivedMillis} (its ETag, if any, replaces ours). */
    public StoredResponse freshenedBy(long receivedMillis, String etagOf304, String cacheControl) {
        return new StoredResponse(etagOf304 == null || etagOf304.isEmpty() ? etag : etagOf304,
                freshUntil(receivedMillis, cacheControl), contentDigest);
    }

    public boolean fresh(long nowMillis) {
        return nowMillis < freshUntil;
    }

    private static long freshUntil(long receivedMillis, String cacheControl) {
        OptionalLong maxAge = maxAge(cacheControl);
        return maxAge.isEmpty() || noCache(cacheControl) ? receivedMillis : receivedMillis + 1000 * maxAge.getAsLong();
    }

    /* RFC 9111 §5.2: comma-separated directives, case-insensitive names; max-age's argument is delta-seconds. */
    static OptionalLong maxAge(String cacheControl) {
        for (String directive : directives(cacheControl)) {
            if (directive.startsWith("max-age=")) {
                try {
                    return OptionalLong.of(Long.parseLong(directive.substring("max-age=".length()).replace("\"", "")));
                } catch (NumberFormatException invalid) {
                    // §4.2.1: an invalid max-age makes the response stale
                    return OptionalLong.of(0);
                }
            }
        }
        return OptionalLong.empty();
    }

    static boolean noCache(String cacheControl) {
        for (String directive : directives(cacheControl)) {
            if (directive.equals("no-cache") || directive.startsWith("no-cache=") || directive.equals("no-store")) {
                return true;
            }
        }
        return false;
    }

    private static String[] directives(String cacheControl) {
        if (cacheControl == null || cacheControl.isBlank()) {
            return new String[0];
        }
        String[] parts = cacheControl.toLowerCase(Locale.ROOT).split(",");
        for (int i = 0; i < parts.length; i++) {
            parts[i] = parts[i].strip();
        }
        return parts;
    }
}
