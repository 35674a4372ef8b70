package dev.etaglab.gatling;

import java.util.HexFormat;
import java.util.zip.CRC32C;

/** A cheap fingerprint of a body, to tell "same bytes, new ETag" (the bug) from a real change. */
public final class Digests {

    private Digests() {
    }

    public static String of(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body);
        return HexFormat.of().toHexDigits((int) crc.getValue()) + "-" + body.length;
    }
}
