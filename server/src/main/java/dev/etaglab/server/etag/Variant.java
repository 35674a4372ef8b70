package dev.etaglab.server.etag;

import dev.etaglab.server.http.EntityTag;

/**
 * The representations of one version, and how each one's entity tag derives from the strategy's
 * content tag (the tag of the identity bytes).
 *
 * <p>Why a suffix, not a hash of the gzip bytes: a hash of the compressed bytes is exact, but it ties
 * the tag to the deflater — a replica on another zlib (system zlib vs zlib-ng, another level or
 * window) compresses the same JSON to other bytes and mints another tag, and revalidation across the
 * load balancer collapses into 200s exactly as with node-local tags. A deterministic suffix keeps
 * every replica on one tag per version. The price: the tag is only honest (strong = same bytes, §8.8.1)
 * if every replica's gzip bytes are identical, which we get by compressing with fixed settings on one
 * build (same jar, same JDK); a mixed fleet would need the hash instead. The second price is that the
 * suffix must be understood on input — Apache's {@code -gzip} (bug 45023: the suffixed tag never
 * matched again, so no 304 for compressed content) and Jetty's {@code --gzip} (a 304 echoing the
 * un-suffixed tag) are the two ways to get that wrong. We compute the selected variant's tag and
 * compare the request's tags with it, never strip a suffix, so both are avoided by construction.
 */
public enum Variant {

    /** The stored JSON bytes: the content tag itself, strong. */
    IDENTITY {
        @Override
        public EntityTag tag(EntityTag content) {
            return content;
        }
    },

    /**
     * {@code Content-Encoding: gzip} of the identity bytes: {@code "<content>-gz"}, as strong as the
     * content tag. No content tag of ours can end in {@code -gz} (hex has no g or z; the SHA-256 tag's
     * last base64url character carries 2 bits), so the variants can never collide.
     */
    GZIP {
        @Override
        public EntityTag tag(EntityTag content) {
            return new EntityTag(content.opaque() + "-gz", content.weak());
        }
    },

    /**
     * The same JSON, pretty-printed ({@code GET /resource?pretty}): semantically equivalent but other
     * bytes, produced by a formatter whose output may change with its version, so it can only promise
     * equivalence: {@code W/"<content>"} (§8.8.1). It weakly matches the identity tag (same meaning)
     * and strongly matches nothing, so If-None-Match may 304 it and If-Range never ranges it.
     */
    PRETTY {
        @Override
        public EntityTag tag(EntityTag content) {
            return EntityTag.weak(content.opaque());
        }
    };

    /** This variant's tag, given the tag of the identity bytes of the same version. */
    public abstract EntityTag tag(EntityTag content);
}
