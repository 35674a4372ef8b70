package dev.etaglab.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HttpDateTest {

    private static final Instant RFC_EXAMPLE = Instant.parse("1994-11-06T08:49:37Z");

    @Test
    void acceptsAllThreeFormsOfTheRfcExample() {
        // RFC 9110 §5.6.7: recipients must accept IMF-fixdate and both obsolete forms.
        assertThat(HttpDate.parse("Sun, 06 Nov 1994 08:49:37 GMT"), is(Optional.of(RFC_EXAMPLE)));
        assertThat(HttpDate.parse("Sunday, 06-Nov-94 08:49:37 GMT"), is(Optional.of(RFC_EXAMPLE)));
        assertThat(HttpDate.parse("Sun Nov  6 08:49:37 1994"), is(Optional.of(RFC_EXAMPLE)));
    }

    @Test
    void formatsImfFixdateAtOneSecondPrecision() {
        assertThat(HttpDate.format(RFC_EXAMPLE.plusMillis(999)), is("Sun, 06 Nov 1994 08:49:37 GMT"));
    }

    @Test
    void formatParseRoundTrips() {
        Instant t = Instant.parse("2026-11-25T20:00:01Z");
        assertThat(HttpDate.parse(HttpDate.format(t)), is(Optional.of(t)));
    }

    @ParameterizedTest(name = "invalid: [{0}]")
    @ValueSource(strings = {
            "",
            "yesterday",
            "Sun, 06 Nov 1994 08:49:37 UTC",      // only GMT is allowed
            "Sun, 6 Nov 1994 08:49:37 GMT",       // day must be two digits in IMF-fixdate
            "Mon, 06 Nov 1994 08:49:37 GMT",      // wrong day name for that date
            "Sun, 06 Nov 1994 25:49:37 GMT",      // no such hour
            "Sun, 31 Nov 1994 08:49:37 GMT",      // no such day
            "sun, 06 nov 1994 08:49:37 gmt",      // names are case-sensitive
            "Sun, 06 Nov 1994 08:49:37 GMT, Mon, 07 Nov 1994 08:49:37 GMT",
            "1994-11-06T08:49:37Z"})
    void rejectsWhatIsNotAnHttpDate(String value) {
        assertThat(HttpDate.parse(value), is(Optional.empty()));
    }

    @Test
    void nullIsNotADate() {
        assertThat(HttpDate.parse(null), is(Optional.empty()));
    }
}
