package dev.etaglab.server.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the If-Match / If-None-Match list parser (RFC 9110 §13.1.1, §13.1.2) and its comparisons.
 * See {@link EntityTagFuzzTest} for how inputs are read and replayed.
 */
class EntityTagConditionFuzzTest {

    /**
     * Parsing is total and bounded, and never invents a tag: every tag it returns is spelled, quotes and
     * {@code W/} included, somewhere in the field lines.
     */
    @FuzzTest
    void parseIsTotalBoundedAndNeverInventsATag(FuzzedDataProvider data) {
        List<String> lines = lines(data);
        EntityTagCondition condition = EntityTagCondition.parse(lines);
        assertThat(condition.tags().size() + condition.malformed(),
                lessThanOrEqualTo(EntityTagCondition.MAX_MEMBERS));
        String all = String.join("\n", lines);
        for (EntityTag tag : condition.tags()) {
            assertThat(all.contains(tag.toString()), is(true));
        }
        if (condition.any()) {
            assertThat(condition.tags().isEmpty(), is(true));
            assertThat(all.contains("*"), is(true));
        }
    }

    /**
     * A tag the client did not send never matches: If-None-Match cannot produce a 304 and If-Match cannot
     * let a write through for a representation whose opaque-tag is not in the field (unless {@code *}).
     */
    @FuzzTest
    void aTagThatIsNotInTheFieldNeverMatches(FuzzedDataProvider data) {
        EntityTag current = EntityTagFuzzTest.tag(data);
        List<String> lines = lines(data);
        if (data.consumeBoolean()) {
            // Steer the fuzzer towards lists that do contain the current tag, in either form.
            lines.add((data.consumeBoolean() ? "W/" : "") + '"' + current.opaque() + '"');
        }
        EntityTagCondition condition = EntityTagCondition.parse(lines);
        String all = String.join("\n", lines);
        boolean sent = all.contains('"' + current.opaque() + '"');
        if (!condition.any() && !sent) {
            assertThat(condition.matchesWeakly(current), is(false));
            assertThat(condition.matchesStrongly(current), is(false));
        }
        // Strong comparison is the stricter one (§8.8.3.2), and a weak current tag never passes If-Match.
        if (condition.matchesStrongly(current)) {
            assertThat(condition.matchesWeakly(current), is(true));
            assertThat(condition.any() || !current.weak(), is(true));
        }
        assertThat(condition.matchesWeakly(null), is(false));
        assertThat(condition.matchesStrongly(null), is(false));
    }

    /** One to four field lines of arbitrary octets, the way a client may split a list (§5.3). */
    static List<String> lines(FuzzedDataProvider data) {
        int count = data.consumeInt(1, 4);
        List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lines.add(new String(data.consumeBytes(data.consumeInt(0, 200)), ISO_8859_1));
        }
        return lines;
    }
}
