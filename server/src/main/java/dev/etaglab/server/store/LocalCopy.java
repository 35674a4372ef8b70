package dev.etaglab.server.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

/**
 * This replica's own copy of the document, landed the way a deploy lands a file on a node: written
 * to a new file and renamed into place, so every landing gets a fresh inode and its own mtime.
 *
 * <p>The mtime is the version's time plus this node's deploy drift — what a copy that does not
 * preserve timestamps ({@code cp}, {@code rsync} without {@code -t}, a rolling deploy) leaves
 * behind when it reaches this node that much later. Byte-identical copies on two nodes thus differ
 * in mtime, deterministically, which is all the {@code mtime} strategy needs to break.
 */
public final class LocalCopy {

    static final String FILE = "resource.json";
    private static final String VERSION_PREFIX = ".resource.json.v";

    private final Path dir;
    private final Duration deployDrift;

    public LocalCopy(Path dir, Duration deployDrift) throws IOException {
        Files.createDirectories(dir);
        this.dir = dir.toRealPath();
        this.deployDrift = deployDrift;
    }

    /**
     * Lands {@code document} and returns the bytes now on this node's disk.
     *
     * <p>Besides {@code resource.json}, each landing keeps a hard link named after its version: the same
     * inode, so the same mtime and size. A request still serving the previous version stats that
     * version's link, never the file that replaced it — the way nginx fstat()s the descriptor it sends
     * from. Stat-by-path instead would pair old bytes with the new version's tag, and a client
     * revalidating with that tag would keep the old bytes for good.
     */
    public Landed land(StoredDocument document) throws IOException {
        Path target = dir.resolve(FILE);
        Path temp = Files.createTempFile(dir, ".landing-", ".tmp");
        try {
            Files.write(temp, document.body());
            Instant mtime = document.version().modified().plus(deployDrift);
            Files.setLastModifiedTime(temp, FileTime.from(mtime));
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        Path versioned = dir.resolve(VERSION_PREFIX + document.version().number());
        Files.deleteIfExists(versioned);
        Files.createLink(versioned, target);
        // Two versions back can no longer be in flight: a request holds the snapshot it started with.
        Files.deleteIfExists(dir.resolve(VERSION_PREFIX + (document.version().number() - 2)));
        // Serve what is on this node's disk, as a node that got the file from a deploy would.
        byte[] body = Files.readAllBytes(versioned);
        Instant mtime = Files.getLastModifiedTime(versioned).toInstant();
        return new Landed(versioned, body, mtime);
    }

    /**
     * @param file  this version's own name for the landed file (a hard link to {@code resource.json})
     * @param body  its bytes
     * @param mtime its modification time as the file system reports it
     */
    public record Landed(Path file, byte[] body, Instant mtime) {
    }
}
