package dev.etaglab.server.store;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryOriginTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00.250Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void seedsOnceAndOnlyOnce() throws IOException {
        var origin = new DirectoryOrigin(dir);
        StoredDocument first = origin.seedIfEmpty(() -> bytes("{\"seed\":1}"), CLOCK);
        StoredDocument second = origin.seedIfEmpty(() -> bytes("{\"seed\":2}"), CLOCK);
        assertThat(first.version().number(), is(1L));
        assertThat(new String(second.body(), StandardCharsets.UTF_8), is("{\"seed\":1}"));
    }

    @Test
    void refusedPreconditionChangesNothing() throws IOException {
        var origin = new DirectoryOrigin(dir);
        origin.seedIfEmpty(() -> bytes("{\"v\":1}"), CLOCK);
        Optional<StoredDocument> written = origin.writeIf(current -> false, bytes("{\"v\":2}"), CLOCK);
        assertThat(written.isPresent(), is(false));
        assertThat(new String(origin.read().orElseThrow().body(), StandardCharsets.UTF_8), is("{\"v\":1}"));
    }

    @Test
    void acceptedWriteIsTheNextVersionAndSurvivesAReopen() throws IOException {
        var origin = new DirectoryOrigin(dir);
        origin.seedIfEmpty(() -> bytes("{\"v\":1}"), CLOCK);
        StoredDocument written = origin.writeIf(current -> true, bytes("{\"v\":2}"), CLOCK).orElseThrow();
        assertThat(written.version().number(), is(2L));
        var reopened = new DirectoryOrigin(dir);
        assertThat(reopened.currentVersion().orElseThrow(), is(written.version()));
        assertThat(new String(reopened.read().orElseThrow().body(), StandardCharsets.UTF_8), is("{\"v\":2}"));
    }

    @Test
    void eachVersionRecordsWhenThePreviousOneWasWritten() throws IOException {
        var origin = new DirectoryOrigin(dir);
        StoredDocument seed = origin.seedIfEmpty(() -> bytes("{\"v\":1}"), CLOCK);
        assertThat(seed.version().previousModified(), is((Instant) null));
        Clock later = Clock.offset(CLOCK, java.time.Duration.ofMillis(400));
        StoredDocument written = origin.writeIf(current -> true, bytes("{\"v\":2}"), later).orElseThrow();
        assertThat(written.version().previousModified(), is(seed.version().modified()));
        assertThat(new DirectoryOrigin(dir).read().orElseThrow().version(), is(written.version()));
    }

    @Test
    void aDocumentWrittenBeforePreviousModifiedExistedStillReads() throws IOException {
        byte[] body = bytes("{\"old\":true}");
        String oldHeader = "etag-lab-origin 1 version=7 modified=1764072000250 length=" + body.length
                + " sha256=" + dev.etaglab.support.Sha256.hex(body) + "\n";
        byte[] header = oldHeader.getBytes(StandardCharsets.US_ASCII);
        byte[] file = java.util.Arrays.copyOf(header, header.length + body.length);
        System.arraycopy(body, 0, file, header.length, body.length);
        Files.write(dir.resolve(DirectoryOrigin.DOCUMENT), file);
        Version version = new DirectoryOrigin(dir).read().orElseThrow().version();
        assertThat(version.number(), is(7L));
        assertThat(version.previousModified(), is((Instant) null));
    }

    @Test
    void versionTimeNeverGoesBackwardsWhenTheWritersClockDoes() throws IOException {
        var origin = new DirectoryOrigin(dir);
        origin.seedIfEmpty(() -> bytes("{}"), CLOCK);
        Clock earlier = Clock.offset(CLOCK, java.time.Duration.ofSeconds(-30));
        StoredDocument written = origin.writeIf(current -> true, bytes("[]"), earlier).orElseThrow();
        assertThat(written.version().modified(), is(CLOCK.instant()));
    }

    @Test
    void aTornDocumentIsDetectedNotServed() throws IOException {
        var origin = new DirectoryOrigin(dir);
        origin.seedIfEmpty(() -> bytes("{\"complete\":true}"), CLOCK);
        Path document = dir.resolve(DirectoryOrigin.DOCUMENT);
        byte[] all = Files.readAllBytes(document);
        Files.write(document, java.util.Arrays.copyOf(all, all.length - 3));
        assertThrows(CorruptOriginException.class, origin::read);
    }

    @Test
    void strayTempFilesOfACrashedWriterAreRemovedByTheNextWrite() throws IOException {
        var origin = new DirectoryOrigin(dir);
        origin.seedIfEmpty(() -> bytes("{}"), CLOCK);
        Path stray = dir.resolve(".document-crashed");
        Files.write(stray, bytes("half a docu"));
        origin.writeIf(current -> true, bytes("[]"), CLOCK);
        assertThat(Files.exists(stray), is(false));
    }

    @Test
    void concurrentCompareAndSetHasExactlyOneWinner() throws Exception {
        // Separate instances on one directory, as separate replicas would have.
        new DirectoryOrigin(dir).seedIfEmpty(() -> bytes("{\"v\":1}"), CLOCK);
        int writers = 16;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            for (int i = 0; i < writers; i++) {
                int id = i;
                results.add(pool.submit(() -> {
                    var origin = new DirectoryOrigin(dir);
                    start.await();
                    return origin.writeIf(current -> current.version().number() == 1,
                            bytes("{\"writer\":" + id + "}"), CLOCK).isPresent();
                }));
            }
            start.countDown();
            int winners = 0;
            for (Future<Boolean> r : results) {
                winners += r.get() ? 1 : 0;
            }
            assertThat(winners, is(1));
        }
        assertThat(new DirectoryOrigin(dir).currentVersion().orElseThrow().number(), is(2L));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
