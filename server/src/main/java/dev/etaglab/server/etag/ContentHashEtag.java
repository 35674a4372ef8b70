package dev.etaglab.server.etag;

import dev.etaglab.server.http.EntityTag;
import java.util.function.Function;

/**
 * A strong tag that is a hash of the identity body, computed on every call: identical bytes give an
 * identical tag on every replica, whatever their files, clocks or processes.
 *
 * <p>Strong is right here (§8.8.1): the tag changes whenever any byte of the representation changes.
 */
public final class ContentHashEtag implements EtagStrategy {

    private final Function<byte[], String> hash;

    public ContentHashEtag(Function<byte[], String> hash) {
        this.hash = hash;
    }

    @Override
    public EntityTag tag(Representation representation) {
        return EntityTag.strong(hash.apply(representation.body()));
    }

    @Override
    public boolean contentDerived() {
        return true;
    }
}
