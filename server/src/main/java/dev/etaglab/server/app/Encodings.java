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
     * header holds nothing time- or node-dependent — except its OS byte, which JDK 16 changed from 0 to
     * 255 (JDK-8244706; projects hashing gzip output broke on it), so we pin it. The deflate stream itself
     * still depends on the zlib the JDK links (bundled or the system's, zlib-ng on some distributions):
     * that is why replicas must share a build, and why the tag is not a hash of these bytes (etag.Variant).
     */
    private static final int LEVEL = 6;
    private static final int OS_BYTE = 9;
    private static final byte OS_UNKNOWN = (byte) 255;

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
        byte[] gzip = out.toByteArray();
        gzip[OS_BYTE] = OS_UNKNOWN; // RFC 1952 §2.3.1: 255 = unknown; decoders ignore it
        return gzip;
    }
}
