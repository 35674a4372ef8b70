package dev.etaglab.server.app;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import dev.etaglab.server.store.SeedCatalogue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The gzip variant's bytes back a strong tag, so they must be a pure function of the identity bytes. */
class EncodingsTest {

    @Test
    void gzipIsDeterministicAndRoundTrips() throws IOException {
        byte[] identity = SeedCatalogue.generate(20 * 1024);
        byte[] first = Encodings.gzip(identity);
        byte[] second = Encodings.gzip(identity.clone());
        assertThat(Arrays.equals(first, second), is(true));
        try (var in = new GZIPInputStream(new ByteArrayInputStream(first))) {
            assertThat(Arrays.equals(in.readAllBytes(), identity), is(true));
        }
        // MTIME (bytes 4..7) is zero: nothing time-dependent in the header.
        assertThat(first[4] | first[5] | first[6] | first[7], is(0));
        // OS is pinned to 255 (unknown), whatever the JDK writes (0 before JDK 16, 255 since).
        assertThat(first[9], is((byte) 255));
    }

    @Test
    void prettyIsTheSameJsonWithOtherBytes() {
        byte[] compact = "{\"a\":[1,2],\"b\":{\"c\":\"d\"}}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] pretty = JsonDocuments.pretty(compact);
        assertThat(Arrays.equals(pretty, compact), is(false));
        assertThat(JsonDocuments.problemWith(pretty).isEmpty(), is(true));
        assertThat(new String(pretty, java.nio.charset.StandardCharsets.UTF_8).replaceAll("\\s", ""),
                is("{\"a\":[1,2],\"b\":{\"c\":\"d\"}}"));
    }
}
