package dev.etaglab.server.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Fuzzes HTTP-date (RFC 9110 §5.6.7). See {@link EntityTagFuzzTest} for how inputs are read and replayed.
 */
class HttpDateFuzzTest {

    // IMF-fixdate's shape; the parser decides whether the day, month and weekday are real.
    private static final Pattern IMF_FIXDATE =
            Pattern.compile("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");
    private static final long YEAR_1 = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
    private static final long YEAR_9999 = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    /**
     * Parsing is total ("not a valid HTTP-date" is empty, never an exception, §13.1.3 says ignore it), a
     * parsed date formats to a date that parses to the same instant, and an IMF-fixdate formats back to
     * exactly its own text.
     */
    // The parsing happens in java.time, which Jazzer does not instrument, so coverage alone cannot steer the
    // fuzzer into a date: the committed seeds (the RFC's three forms and edge dates) and these tokens do.
    @FuzzTest
    @DictionaryEntries({"GMT", "Sun, ", "Sunday, ", "Thu", "Feb", "Nov", "Dec", " 29 ", "-94 ", " 1994", " 9999",
            "23:59:59", "00:00:60", "  6 "})
    void parseNeverThrowsAndFormatParseRoundTrips(byte[] input) {
        String value = new String(input, ISO_8859_1);
        Optional<Instant> parsed = HttpDate.parse(value);
        if (parsed.isEmpty()) {
            return;
        }
        Instant instant = parsed.get();
        assertThat(instant.getNano(), is(0));
        assertThat(HttpDate.parse(HttpDate.format(instant)), is(parsed));
        if (IMF_FIXDATE.matcher(value).matches()) {
            assertThat(HttpDate.format(instant), is(value));
        }
    }

    /** Every instant with a four-digit year survives format → parse at one-second precision. */
    @FuzzTest
    void formatThenParseIsIdentityAtSecondPrecision(FuzzedDataProvider data) {
        Instant instant = Instant.ofEpochSecond(data.consumeLong(YEAR_1, YEAR_9999), data.consumeInt(0, 999_999_999));
        assertThat(HttpDate.parse(HttpDate.format(instant)), is(Optional.of(instant.truncatedTo(ChronoUnit.SECONDS))));
    }
}
