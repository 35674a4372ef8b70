package dev.etaglab.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9110 §14.1.2 (byte ranges), §14.2 (Range), §14.4 (Content-Range), and our multiple-range policy. */
class ByteRangesTest {

    private static final long LENGTH = 10_000;

    private static ByteRanges.Decision decide(String field) {
        return ByteRanges.decide(field, LENGTH);
    }

    private static String partial(String field) {
        ByteRanges.Decision d = decide(field);
        assertThat(field, d, instanceOf(ByteRanges.Partial.class));
        return ((ByteRanges.Partial) d).contentRange();
    }

    private static void ignored(String field) {
        assertThat(field, decide(field), instanceOf(ByteRanges.Ignore.class));
    }

    // The examples of §14.1.2, on a 10000-byte representation.

    @Test
    void firstFiveHundredBytes() {
        assertThat(partial("bytes=0-499"), is("bytes 0-499/10000"));
    }

    @Test
    void secondFiveHundredBytes() {
        assertThat(partial("bytes=500-999"), is("bytes 500-999/10000"));
    }

    @Test
    void suffixRangeSelectsTheFinalBytes() {
        assertThat(partial("bytes=-500"), is("bytes 9500-9999/10000"));
    }

    @Test
    void openEndedRangeRunsToTheEnd() {
        assertThat(partial("bytes=9500-"), is("bytes 9500-9999/10000"));
    }

    @Test
    void lastPosBeyondTheEndIsClamped() {
        assertThat(partial("bytes=9000-20000"), is("bytes 9000-9999/10000"));
        assertThat(partial("bytes=0-99999999999999999999999"), is("bytes 0-9999/10000"));
    }

    @Test
    void suffixLongerThanTheRepresentationIsTheWholeOfIt() {
        assertThat(partial("bytes=-20000"), is("bytes 0-9999/10000"));
    }

    @Test
    void rangeUnitIsCaseInsensitiveAndOwsIsAllowedAroundMembers() {
        assertThat(partial("Bytes= 0-0 , "), is("bytes 0-0/10000"));
    }

    @Test
    void firstPosAtOrBeyondTheEndIsUnsatisfiable() {
        ByteRanges.Decision d = decide("bytes=10000-");
        assertThat(d, instanceOf(ByteRanges.Unsatisfiable.class));
        assertThat(((ByteRanges.Unsatisfiable) d).contentRange(), is("bytes */10000"));
    }

    @Test
    void zeroLengthSuffixIsUnsatisfiable() {
        assertThat(decide("bytes=-0"), instanceOf(ByteRanges.Unsatisfiable.class));
    }

    @Test
    void oneSatisfiableRangeAmongUnsatisfiableOnesIsServed() {
        assertThat(partial("bytes=20000-, 0-9"), is("bytes 0-9/10000"));
    }

    @Test
    void lastPosBeforeFirstPosMakesTheFieldInvalidAndIgnored() {
        ignored("bytes=500-499");
    }

    @Test
    void syntaxErrorsAreIgnoredNotRefused() {
        ignored("bytes=abc");
        ignored("bytes=1-2-3");
        ignored("bytes=");
        ignored("bytes=-");
        ignored("bytes 0-1");
        ignored("items=0-1");
        ignored("bytes=0x10-20");
        ignored("bytes=+1-2");
    }

    @Test
    void overlappingAndAdjacentRangesAreCoalescedIntoOne() {
        assertThat(partial("bytes=0-99, 50-199, 200-299"), is("bytes 0-299/10000"));
        assertThat(partial("bytes=500-600, 0-600"), is("bytes 0-600/10000"));
    }

    @Test
    void disjointRangesAreIgnoredRatherThanSentAsMultipart() {
        ignored("bytes=0-9, 100-109");
    }

    @Test
    void moreThanTheCapOfRangesIsIgnoredCheaply() {
        ignored("bytes=" + "0-0,".repeat(ByteRanges.MAX_RANGES + 1));
        StringBuilder hostile = new StringBuilder("bytes=");
        for (int i = 0; i < 10_000; i++) {
            hostile.append(i).append('-').append(i).append(',');
        }
        long start = System.nanoTime();
        ignored(hostile.toString());
        // Rejected on length before any parsing; generous bound for a loaded CI machine.
        assertThat((System.nanoTime() - start) < 50_000_000L, is(true));
    }

    @Test
    void rangeSentOnSeveralLinesIsIgnored() {
        assertThat(ByteRanges.decide(List.of("bytes=0-1", "bytes=2-3"), LENGTH), instanceOf(ByteRanges.Ignore.class));
    }

    @Test
    void emptyRepresentationHasNoSatisfiableRange() {
        assertThat(ByteRanges.decide("bytes=0-", 0), instanceOf(ByteRanges.Unsatisfiable.class));
        assertThat(ByteRanges.decide("bytes=-5", 0), instanceOf(ByteRanges.Unsatisfiable.class));
    }
}
