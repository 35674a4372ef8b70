package dev.etaglab.server.etag;

import dev.etaglab.server.http.EntityTag;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tag minted from per-process state: a random boot nonce plus this process's count of loaded
 * versions, the shape of "ETag = instance id + in-memory revision" bugs. Every replica, and every
 * restart of one, invents its own tag for the same content.
 */
public final class ProcessEtag implements EtagStrategy {

    private record Minted(Representation representation, EntityTag tag) {
    }

    private final String bootNonce = HexFormat.of().toHexDigits(new SecureRandom().nextInt());
    private final AtomicLong loads = new AtomicLong();
    private volatile Minted latest;

    @Override
    public void onLoad(Representation representation) {
        latest = new Minted(representation, EntityTag.strong(bootNonce + '-' + loads.incrementAndGet()));
    }

    /** The tag minted when this version loaded; a request still holding an older version gets its own one. */
    @Override
    public EntityTag tag(Representation representation) {
        Minted m = latest;
        if (m != null && m.representation() == representation) {
            return m.tag();
        }
        return EntityTag.strong(bootNonce + "-stale-" + representation.version().number());
    }

    @Override
    public boolean contentDerived() {
        return false;
    }
}
