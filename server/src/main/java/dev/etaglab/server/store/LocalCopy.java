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

    private final Path dir;
    private final Duration deployDrift;

    public LocalCopy(Path dir, Duration deployDrift) throws IOException {
        Files.createDirectories(dir);
        this.dir = dir.toRealPath();
        this.deployDrift = deployDrift;
    }

    /** Lands {@code document} and returns the bytes now on this node's disk. */
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
        // Serve what is on this node's disk, as a node that got the file from a deploy would.
        byte[] body = Files.readAllBytes(target);
        Instant mtime = Files.getLastModifiedTime(target).toInstant();
        return new Landed(target, body, mtime);
    }

    /**
     * @param file  the landed file
     * @param body  its bytes
     * @param mtime its modification time as the file system reports it
     */
    public record Landed(Path file, byte[] body, Instant mtime) {
    }
}
