package dev.etaglab.server.etag;

import dev.etaglab.server.http.EntityTag;

/**
 * Computes the delegate's tag once, when a version lands, and serves the stored value afterwards:
 * the 304 path then reads a field instead of hashing the body on every request.
 */
public final class CachedOnWriteEtag implements EtagStrategy {

    private record Entry(Representation representation, EntityTag tag) {
    }

    private final EtagStrategy delegate;
    private volatile Entry entry;

    public CachedOnWriteEtag(EtagStrategy delegate) {
        this.delegate = delegate;
    }

    @Override
    public void onLoad(Representation representation) {
        entry = new Entry(representation, delegate.tag(representation));
    }

    @Override
    public EntityTag tag(Representation representation) {
        Entry e = entry;
        if (e != null && e.representation() == representation) {
            return e.tag();
        }
        // A representation that was never loaded (e.g. an older snapshot still in flight): compute it
        // without replacing the entry of the current one.
        return delegate.tag(representation);
    }

    @Override
    public boolean contentDerived() {
        return delegate.contentDerived();
    }
}
