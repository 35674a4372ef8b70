package dev.etaglab.server.store;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCopyTest {

    private static final Instant WRITTEN = Instant.parse("2026-11-25T12:00:00Z");
    private static final StoredDocument DOC =
            new StoredDocument(new Version(3, WRITTEN), "{\"x\":1}".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    @Test
    void landedCopyHoldsTheBytesWithMtimeShiftedByTheDeployDrift() throws IOException {
        LocalCopy.Landed landed = new LocalCopy(dir, Duration.ofSeconds(3)).land(DOC);
        assertThat(landed.body(), is(DOC.body()));
        assertThat(Files.readAllBytes(landed.file()), is(DOC.body()));
        assertThat(landed.mtime(), is(WRITTEN.plusSeconds(3)));
    }

    @Test
    void everyLandingIsANewFileWithItsOwnInode() throws IOException {
        LocalCopy copy = new LocalCopy(dir, Duration.ZERO);
        Object first = Files.getAttribute(copy.land(DOC).file(), "unix:ino");
        Object second = Files.getAttribute(copy.land(DOC).file(), "unix:ino");
        assertThat(second, is(not(first)));
    }

    @Test
    void aRequestStillServingTheOldVersionStatsTheOldVersionsFile() throws IOException {
        LocalCopy copy = new LocalCopy(dir, Duration.ZERO);
        LocalCopy.Landed old = copy.land(DOC);
        StoredDocument next = new StoredDocument(new Version(4, WRITTEN.plusSeconds(9)),
                "{\"x\":2,\"longer\":true}".getBytes(StandardCharsets.UTF_8));
        copy.land(next);
        // The node-local tag of an in-flight old response must describe the old bytes, not the new file.
        assertThat(Files.size(old.file()), is((long) DOC.body().length));
        assertThat(Files.getLastModifiedTime(old.file()).toInstant(), is(WRITTEN));
        assertThat(Files.readAllBytes(dir.resolve(LocalCopy.FILE)), is(next.body()));
    }
}
