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

    private final String bootNonce = HexFormat.of().toHexDigits(new SecureRandom().nextInt());
    private final AtomicLong loads = new AtomicLong();

    @Override
    public void onLoad(Representation representation) {
        loads.incrementAndGet();
    }

    @Override
    public EntityTag tag(Representation representation) {
        return EntityTag.strong(bootNonce + '-' + loads.get());
    }

    @Override
    public boolean contentDerived() {
        return false;
    }
}
