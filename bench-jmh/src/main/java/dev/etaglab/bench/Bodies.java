package dev.etaglab.bench;

import dev.etaglab.server.store.SeedCatalogue;
import dev.etaglab.server.store.Version;
import java.time.Instant;
import java.util.Arrays;

/**
 * Fixtures shared by the benchmarks: the server's own catalogue JSON, cut to an exact byte count so
 * that the report can turn ns/op into GB/s without guessing.
 */
final class Bodies {

    /** The version every fixture claims; its value never reaches a measured path. */
    static final Version VERSION = new Version(1, Instant.parse("2026-01-01T00:00:00Z"));

    private Bodies() {
    }

    /** Maps a {@code size} {@code @Param} to bytes; the report parses the same names. */
    static int bytes(String size) {
        switch (size) {
            case "1KiB":
                return 1024;
            case "20KiB":
                return 20 * 1024;
            case "64KiB":
                return 64 * 1024;
            case "1MiB":
                return 1024 * 1024;
            default:
                throw new IllegalStateException("Unknown size: " + size);
        }
    }

    /**
     * {@link SeedCatalogue#generate} returns "at least n bytes" (up to one product more). Take the
     * largest catalogue that fits and pad it with JSON whitespace before the final newline: the
     * document stays valid JSON and is exactly {@code exactBytes} long.
     */
    static byte[] catalogue(int exactBytes) {
        byte[] body = SeedCatalogue.generate(exactBytes);
        for (int target = exactBytes; body.length > exactBytes; ) {
            target -= body.length - exactBytes;
            if (target < 1) {
                throw new IllegalArgumentException("a catalogue of one product is larger than " + exactBytes + " bytes");
            }
            body = SeedCatalogue.generate(target);
        }
        if (body.length == exactBytes) {
            return body;
        }
        byte[] padded = Arrays.copyOf(body, exactBytes);
        Arrays.fill(padded, body.length - 1, exactBytes - 1, (byte) ' ');
        padded[exactBytes - 1] = '\n';
        return padded;
    }
}
