package dev.etaglab.server.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** The content codings this replica produces itself (Helidon's encoder is off, see {@link Replica#server}). */
final class Encodings {

    /*
     * Fixed settings, so that every replica of one build produces the same bytes for the same version:
     * the gzip tag claims byte identity (strong). GZIPOutputStream writes MTIME 0 and no file name, so the
     * header holds nothing time- or node-dependent.
     */
    private static final int LEVEL = 6;

    private Encodings() {
    }

    static byte[] gzip(byte[] identity) {
        var out = new ByteArrayOutputStream(identity.length / 4 + 64);
        try (var gzip = new GZIPOutputStream(out, 8192) {
            {
                def.setLevel(LEVEL);
                def.setStrategy(Deflater.DEFAULT_STRATEGY);
            }
        }) {
            gzip.write(identity);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
