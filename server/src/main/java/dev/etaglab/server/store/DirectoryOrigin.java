package dev.etaglab.server.store;

import dev.etaglab.support.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An {@link Origin} on a directory shared by every replica (a local disk here; NFS would need the
 * same lock semantics).
 *
 * <p>Layout: {@code document} holds one header line and the body, so a version and its bytes are
 * replaced together by a single rename; {@code .lock} serialises writers.
 *
 * <p>Why a crash cannot tear the document: a write goes to a temporary file, is fsync'ed, renamed
 * over {@code document} (atomic on POSIX) and the directory is fsync'ed; only then is the write
 * acknowledged. A crash before the rename leaves the old document (and a stray temp file, removed
 * by the next writer); after it, the new one. The header's length and SHA-256 let readers prove it.
 */
public final class DirectoryOrigin implements Origin {

    static final String DOCUMENT = "document";
    private static final String LOCK = ".lock";
    private static final String TEMP_PREFIX = ".document-";
    private static final Pattern HEADER = Pattern.compile(
            "etag-lab-origin 1 version=(\\d+) modified=(-?\\d+) length=(\\d+) sha256=([0-9a-f]{64})"
                    + "(?: previous-modified=(-?\\d+))?");
    private static final int MAX_HEADER = 256;
    private static final long LOCK_WAIT_SECONDS = 10;

    /* FileLock is held per JVM: a second lock from this JVM would throw, so threads queue here first. */
    private static final ConcurrentMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path dir;
    private final ReentrantLock jvmLock;

    public DirectoryOrigin(Path dir) throws IOException {
        Files.createDirectories(dir);
        this.dir = dir.toRealPath();
        this.jvmLock = JVM_LOCKS.computeIfAbsent(this.dir, d -> new ReentrantLock());
    }

    @Override
    public Optional<StoredDocument> read() throws IOException {
        byte[] file;
        try {
            file = Files.readAllBytes(dir.resolve(DOCUMENT));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(decode(file));
    }

    @Override
    public Optional<Version> currentVersion() throws IOException {
        try (InputStream in = Files.newInputStream(dir.resolve(DOCUMENT))) {
            byte[] head = in.readNBytes(MAX_HEADER);
            int newline = indexOf(head, (byte) '\n');
            if (newline < 0) {
                throw new CorruptOriginException("no header line in " + dir.resolve(DOCUMENT));
            }
            return Optional.of(parseHeader(new String(head, 0, newline, StandardCharsets.US_ASCII)).version());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public StoredDocument seedIfEmpty(Supplier<byte[]> seed, Clock clock) throws IOException {
        return locked(() -> {
            Optional<StoredDocument> current = read();
            if (current.isPresent()) {
                return current.get();
            }
            return store(new Version(1, clock.instant()), seed.get());
        });
    }

    @Override
    public Optional<StoredDocument> writeIf(Predicate<StoredDocument> precondition, byte[] body, Clock clock)
            throws IOException {
        return locked(() -> {
            StoredDocument current = read().orElseThrow(() -> new NoSuchFileException(
                    dir.resolve(DOCUMENT).toString(), null, "origin was never seeded"));
            if (!precondition.test(current)) {
                return Optional.empty();
            }
            // Never let a version's timestamp go backwards, even if the writer's clock does.
            Instant modified = clock.instant();
            if (modified.isBefore(current.version().modified())) {
                modified = current.version().modified();
            }
            return Optional.of(store(new Version(current.version().number() + 1, modified,
                    current.version().modified()), body));
        });
    }

    private StoredDocument store(Version version, byte[] body) throws IOException {
        removeStrayTempFiles();
        Path temp = dir.resolve(TEMP_PREFIX + UUID.randomUUID());
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer header = ByteBuffer.wrap(header(version, body).getBytes(StandardCharsets.US_ASCII));
            ByteBuffer data = ByteBuffer.wrap(body);
            while (header.hasRemaining() || data.hasRemaining()) {
                out.write(new ByteBuffer[] {header, data});
            }
            out.force(true);
        }
        Files.move(temp, dir.resolve(DOCUMENT), StandardCopyOption.ATOMIC_MOVE);
        fsyncDirectory();
        return new StoredDocument(version, body);
    }

    @SuppressWarnings("try") // the lock is held by the try block itself, not used in it
    private <T> T locked(IoSupplier<T> action) throws IOException {
        try {
            if (!jvmLock.tryLock(LOCK_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("origin " + dir + " stayed locked for " + LOCK_WAIT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the origin lock", e);
        }
        try (FileChannel lockFile = FileChannel.open(dir.resolve(LOCK),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockFile.lock()) {
            return action.get();
        } finally {
            jvmLock.unlock();
        }
    }

    private void removeStrayTempFiles() throws IOException {
        // Only the lock holder writes temp files, so any found now belong to a writer that crashed.
        try (DirectoryStream<Path> stray = Files.newDirectoryStream(dir, TEMP_PREFIX + "*")) {
            for (Path p : stray) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void fsyncDirectory() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    static String header(Version version, byte[] body) {
        return "etag-lab-origin 1 version=" + version.number() + " modified=" + version.modified().toEpochMilli()
                + " length=" + body.length + " sha256=" + Sha256.hex(body)
                // Optional and last, so documents written before it existed still parse.
                + (version.previousModified() == null ? "" : " previous-modified=" + version.previousModified().toEpochMilli())
                + '\n';
    }

    private StoredDocument decode(byte[] file) throws CorruptOriginException {
        int newline = indexOf(file, (byte) '\n');
        if (newline < 0 || newline > MAX_HEADER) {
            throw new CorruptOriginException("no header line in " + dir.resolve(DOCUMENT));
        }
        Header h = parseHeader(new String(file, 0, newline, StandardCharsets.US_ASCII));
        byte[] body = Arrays.copyOfRange(file, newline + 1, file.length);
        if (body.length != h.length() || !Sha256.hex(body).equals(h.sha256())) {
            throw new CorruptOriginException("body of " + dir.resolve(DOCUMENT) + " does not match its header");
        }
        return new StoredDocument(h.version(), body);
    }

    private record Header(Version version, long length, String sha256) {
    }

    private Header parseHeader(String line) throws CorruptOriginException {
        Matcher m = HEADER.matcher(line);
        if (!m.matches()) {
            throw new CorruptOriginException("unrecognised header in " + dir.resolve(DOCUMENT) + ": " + line);
        }
        Instant previous = m.group(5) == null ? null : Instant.ofEpochMilli(Long.parseLong(m.group(5)));
        return new Header(new Version(Long.parseLong(m.group(1)), Instant.ofEpochMilli(Long.parseLong(m.group(2))),
                previous),
                Long.parseLong(m.group(3)), m.group(4));
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < Math.min(bytes.length, MAX_HEADER + 1); i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    @FunctionalInterface
    private interface IoSupplier<T> {
        T get() throws IOException;
    }
}
