package dev.etaglab.server.etag;

import dev.etaglab.server.http.EntityTag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Apache httpd's old default ({@code FileETag INode MTime Size}, until 2.3.14): inode, size and
 * mtime (µs) of the replica's own file, in hex. Two nodes never share an inode, so two replicas
 * never agree, even on byte-identical files — the incident YSlow's "configure ETags" rule was about.
 *
 * <p>Costs a stat(2) per request, as the real thing does.
 */
public final class InodeEtag implements EtagStrategy {

    @Override
    public EntityTag tag(Representation representation) {
        try {
            Map<String, Object> attributes =
                    Files.readAttributes(representation.localFile(), "unix:ino,size,lastModifiedTime");
            long inode = (Long) attributes.get("ino");
            long size = (Long) attributes.get("size");
            long mtimeMicros = ((FileTime) attributes.get("lastModifiedTime")).to(TimeUnit.MICROSECONDS);
            return EntityTag.strong(Long.toHexString(inode) + '-' + Long.toHexString(size) + '-'
                    + Long.toHexString(mtimeMicros));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean contentDerived() {
        return false;
    }
}
