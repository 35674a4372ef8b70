package dev.etaglab.server.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Optional;

/**
 * Fuzzes {@link EntityTag}. Field values are octets (RFC 9110 §5.5), so inputs are raw bytes read as
 * ISO-8859-1, the way the server sees a header line. Plain {@code mvn test} replays the committed
 * inputs in {@code src/test/resources/dev/etaglab/server/http/EntityTagFuzzTestInputs/<method>/};
 * {@code JAZZER_FUZZ=1} fuzzes for real ({@code scripts/fuzz.sh}).
 */
class EntityTagFuzzTest {

    /** Parsing is total (empty, never an exception), and whatever parses prints back as the same text. */
    @FuzzTest
    void parseNeverThrowsAndRoundTrips(byte[] input) {
        String value = new String(input, ISO_8859_1);
        Optional<EntityTag> tag = EntityTag.parse(value);
        if (tag.isPresent()) {
            assertThat(tag.get().toString(), is(value));
            assertThat(EntityTag.parse(tag.get().toString()), is(tag));
        }
    }

    /**
     * The constructor refuses exactly what the grammar refuses, with the documented exception only, and
     * every tag it accepts survives format → parse.
     */
    @FuzzTest
    void constructedTagsRoundTripOrAreRefusedWithIllegalArgument(FuzzedDataProvider data) {
        boolean weak = data.consumeBoolean();
        String opaque = new String(data.consumeRemainingAsBytes(), ISO_8859_1);
        EntityTag tag;
        try {
            tag = new EntityTag(opaque, weak);
        } catch (IllegalArgumentException refused) {
            assertThat(opaque.chars().anyMatch(c -> !EntityTag.isEtagc((char) c)), is(true));
            return;
        }
        assertThat(EntityTag.parse(tag.toString()), is(Optional.of(tag)));
    }

    /** §8.8.3.2: a strong match is also a weak match, both are symmetric, and a weak tag never matches strongly. */
    @FuzzTest
    void comparisonFunctionsObeyTheRfcTable(FuzzedDataProvider data) {
        EntityTag a = tag(data);
        EntityTag b = data.consumeBoolean() ? new EntityTag(a.opaque(), data.consumeBoolean()) : tag(data);
        assertThat(a.strongMatch(b), is(b.strongMatch(a)));
        assertThat(a.weakMatch(b), is(b.weakMatch(a)));
        if (a.strongMatch(b)) {
            assertThat(a.weakMatch(b), is(true));
        }
        if (a.weak() || b.weak()) {
            assertThat(a.strongMatch(b), is(false));
        }
        assertThat(a.weakMatch(b), is(a.opaque().equals(b.opaque())));
    }

    /** A tag built from fuzz bytes, with characters outside etagc dropped. */
    static EntityTag tag(FuzzedDataProvider data) {
        boolean weak = data.consumeBoolean();
        String raw = new String(data.consumeBytes(data.consumeInt(0, 40)), ISO_8859_1);
        StringBuilder opaque = new StringBuilder();
        raw.chars().filter(c -> EntityTag.isEtagc((char) c)).forEach(c -> opaque.append((char) c));
        return new EntityTag(opaque.toString(), weak);
    }
}
