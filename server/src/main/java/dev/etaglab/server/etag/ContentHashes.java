package dev.etaglab.server.etag;

import com.dynatrace.hash4j.hashing.Hasher64;
import dev.etaglab.support.Sha256;
import com.dynatrace.hash4j.hashing.Hashing;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/** The hash functions behind the content-derived strategies, each rendered as a valid opaque-tag. */
public final class ContentHashes {

    private static final Hasher64 XXH3 = Hashing.xxh3_64();
    private static final Hasher64 XXH64 = Hashing.xxh64();
    private static final HexFormat HEX = HexFormat.of();

    private ContentHashes() {
    }

    /**
     * SHA-256 (JDK; SHA-NI intrinsics where the CPU has them), first 128 bits, base64url: a
     * collision-resistant tag in 22 characters, because every 304 carries it.
     */
    public static String sha256(byte[] body) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(Sha256.digest(body), 16));
    }

    /** XXH3-64 (hash4j): not cryptographic, but 64 bits is ample to tell versions of one document apart. */
    public static String xxh3(byte[] body) {
        return HEX.toHexDigits(XXH3.hashBytesToLong(body));
    }

    /** xxHash64 (hash4j). */
    public static String xxh64(byte[] body) {
        return HEX.toHexDigits(XXH64.hashBytesToLong(body));
    }
}
