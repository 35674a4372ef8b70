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
 * Fuzzes the Range decision (RFC 9110 §14.2) against arbitrary field lines and lengths. See
 * {@link EntityTagFuzzTest} for how inputs are read and replayed.
 */
class ByteRangesFuzzTest {

    /**
     * Total (a decision, never an exception), and every decision is sendable as is: a 206 covers bytes
     * that exist (§14.1.2), its Content-Range says so (§14.4), and a 416 names the real length (§15.5.17).
     */
    @FuzzTest
    void everyDecisionIsSendableAsIs(FuzzedDataProvider data) {
        long length = data.consumeBoolean() ? data.consumeLong(0, 1 << 20) : data.consumeLong(0, Long.MAX_VALUE);
        int count = data.consumeInt(1, 3);
        List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String value = new String(data.consumeBytes(data.consumeInt(0, 120)), ISO_8859_1);
            lines.add(data.consumeBoolean() ? "bytes=" + value : value);
        }

        ByteRanges.Decision decision = ByteRanges.decide(lines, length);

        switch (decision) {
            case ByteRanges.Partial partial -> {
                assertThat(partial.completeLength(), is(length));
                assertThat(0 <= partial.first() && partial.first() <= partial.last(), is(true));
                assertThat(partial.last(), lessThanOrEqualTo(length - 1));
                assertThat(partial.contentRange(),
                        is("bytes " + partial.first() + "-" + partial.last() + "/" + length));
            }
            case ByteRanges.Unsatisfiable unsatisfiable -> assertThat(unsatisfiable.completeLength(), is(length));
            case ByteRanges.Ignore ignore -> assertThat(ignore.reason() != null, is(true));
        }
        if (String.join(",", lines).indexOf('=') < 0) {
            // Without "unit=" there is no ranges-specifier at all (§14.2): the field is ignored.
            assertThat(decision instanceof ByteRanges.Ignore, is(true));
        }
    }
}
