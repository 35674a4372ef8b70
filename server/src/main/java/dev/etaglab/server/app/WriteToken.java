package dev.etaglab.server.app;

import dev.etaglab.support.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The bearer token that authorises writes. Only its SHA-256 is kept, and candidates are compared
 * with {@link MessageDigest#isEqual} on equal-length digests, so timing reveals neither the token's
 * content nor its length. The token itself is never logged.
 */
final class WriteToken {

    private static final String BEARER = "Bearer ";
    private final byte[] digest;

    private WriteToken(byte[] digest) {
        this.digest = digest;
    }

    /** A token that is configured; an empty or blank value means writes are disabled. */
    static Optional<WriteToken> of(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new WriteToken(sha256(token.strip())));
    }

    /** Whether an {@code Authorization} field value carries this token (RFC 6750 §2.1). */
    boolean permits(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(authorization.substring(BEARER.length()).strip()));
    }

    private static byte[] sha256(String s) {
        return Sha256.digest(s.getBytes(StandardCharsets.UTF_8));
    }
}
