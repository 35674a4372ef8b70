package dev.etaglab.server.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the Cache-Control syntax check (RFC 9111 §5.2), which guards the operator's run-time policy
 * change: what it accepts is written into every response header. See {@link EntityTagFuzzTest} for how
 * inputs are read and replayed.
 */
class CacheControlFuzzTest {

    /**
     * Never throws, and never accepts a value that could break out of its header line (CR, LF or any
     * other control character, RFC 9110 §5.5) or that is longer than the limit.
     */
    @FuzzTest
    void acceptsNoControlCharacterAndNothingOverTheLimit(byte[] input) {
        String value = new String(input, ISO_8859_1);
        if (CacheControl.isValid(value)) {
            assertThat(value.chars().noneMatch(c -> c < 0x20 && c != '\t' || c == 0x7F), is(true));
            assertThat(value.length(), lessThanOrEqualTo(256));
            assertThat(value.isEmpty() || value.startsWith(" ") || value.endsWith(","), is(false));
        }
    }
}
