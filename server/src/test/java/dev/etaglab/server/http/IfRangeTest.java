package dev.etaglab.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9110 §13.1.5 If-Range: strong validators only, one rule per test. */
class IfRangeTest {

    private static final Instant MODIFIED = Instant.parse("2026-11-25T12:00:00Z");
    private static final Validators CURRENT = new Validators(EntityTag.strong("v2"), MODIFIED);
    private static final Validators WEAK_DATE = new Validators(EntityTag.strong("v2"), MODIFIED, false, List.of());
    private static final Validators WEAK_TAG = new Validators(EntityTag.weak("v2"), MODIFIED);

    private static boolean permits(String field, Validators current) {
        return IfRange.permitsRange(List.of(field), current);
    }

    @Test
    void absentIfRangePermitsTheRange() {
        assertThat(IfRange.permitsRange(List.of(), CURRENT), is(true));
    }

    @Test
    void currentStrongTagPermitsTheRange() {
        assertThat(permits("\"v2\"", CURRENT), is(true));
    }

    @Test
    void staleTagRefusesTheRange() {
        assertThat(permits("\"v1\"", CURRENT), is(false));
    }

    @Test
    void weakTagNeverPermitsTheRangeEvenWhenItNamesTheCurrentOne() {
        assertThat(permits("W/\"v2\"", CURRENT), is(false));
    }

    @Test
    void strongTagNeverMatchesAWeakCurrentTag() {
        assertThat(permits("\"v2\"", WEAK_TAG), is(false));
    }

    @Test
    void dateEqualToAStrongLastModifiedPermitsTheRange() {
        assertThat(permits(HttpDate.format(MODIFIED), CURRENT), is(true));
    }

    @Test
    void dateMustMatchExactlyNotJustBeLater() {
        assertThat(permits(HttpDate.format(MODIFIED.plusSeconds(1)), CURRENT), is(false));
    }

    @Test
    void dateNeverMatchesAWeakLastModified() {
        assertThat(permits(HttpDate.format(MODIFIED), WEAK_DATE), is(false));
    }

    @Test
    void malformedValidatorRefusesTheRange() {
        assertThat(permits("\"unterminated", CURRENT), is(false));
        assertThat(permits("yesterday", CURRENT), is(false));
        assertThat(permits("w/\"v2\"", CURRENT), is(false));
    }

    @Test
    void moreThanOneValidatorRefusesTheRange() {
        assertThat(IfRange.permitsRange(List.of("\"v2\"", "\"v2\""), CURRENT), is(false));
    }
}
