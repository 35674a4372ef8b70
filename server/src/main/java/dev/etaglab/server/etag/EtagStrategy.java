package dev.etaglab.server.etag;

import dev.etaglab.server.http.EntityTag;

/**
 * How a replica derives the entity tag of the representation it serves (RFC 9110 §8.8.3).
 *
 * <p>Content-derived strategies give the same tag for the same bytes on every replica, which is what
 * makes revalidation survive a load balancer. Node-local ones reproduce the classic incident: each
 * replica mints its own tag for identical content, and the 304 rate collapses after scale-out.
 */
public interface EtagStrategy {

    /** The tag of this representation. Called on every request that needs a validator. */
    EntityTag tag(Representation representation);

    /** Called once when a new version lands on this replica, before it is served. */
    default void onLoad(Representation representation) {
    }

    /**
     * Whether the tag is a pure function of the content. If so, Last-Modified must also come from the
     * origin's version metadata; node-local strategies use the local file's mtime, as nginx does.
     */
    boolean contentDerived();
}
