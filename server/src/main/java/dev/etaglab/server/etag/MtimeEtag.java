package dev.etaglab.server.etag;

import dev.etaglab.server.http.EntityTag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;

/**
 * nginx's default ({@code etag on}): {@code "hex(mtime seconds)-hex(size)"} of the local file.
 * Byte-identical copies agree only if they landed in the same second; a rolling deploy or a copy
 * without preserved timestamps gives every replica its own tag (expressjs#2445, and the 6-node nginx
 * pool with 3 different tags in billfeller#91).
 *
 * <p>Costs a stat(2) per request, as the real thing does without open_file_cache.
 */
public final class MtimeEtag implements EtagStrategy {

    @Override
    public EntityTag tag(Representation representation) {
        try {
            BasicFileAttributes attributes =
                    Files.readAttributes(representation.localFile(), BasicFileAttributes.class);
            long mtimeSeconds = attributes.lastModifiedTime().to(TimeUnit.SECONDS);
            return EntityTag.strong(Long.toHexString(mtimeSeconds) + '-' + Long.toHexString(attributes.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean contentDerived() {
        return false;
    }
}
