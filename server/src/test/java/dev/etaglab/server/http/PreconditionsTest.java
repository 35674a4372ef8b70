package dev.etaglab.server.http;

import static dev.etaglab.server.http.Preconditions.Outcome.NOT_MODIFIED;
import static dev.etaglab.server.http.Preconditions.Outcome.PRECONDITION_FAILED;
import static dev.etaglab.server.http.Preconditions.Outcome.PROCEED;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import dev.etaglab.server.http.Preconditions.Decision;
import dev.etaglab.server.http.Preconditions.Rule;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** RFC 9110 §13.1 and the evaluation order of §13.2.2, one rule per test. */
class PreconditionsTest {

    private static final Instant MODIFIED = Instant.parse("2026-11-25T12:00:00Z");
    private static final String MODIFIED_DATE = HttpDate.format(MODIFIED);
    private static final String ONE_SECOND_EARLIER = HttpDate.format(MODIFIED.minusSeconds(1));
    private static final String ONE_SECOND_LATER = HttpDate.format(MODIFIED.plusSeconds(1));
    private static final Validators CURRENT = new Validators(EntityTag.strong("v2"), MODIFIED);

    @Test
    void noConditionsProceed() {
        assertThat(get().evaluate(), is(PROCEED));
        assertThat(put().evaluate(), is(PROCEED));
    }

    /* §13.1.2 If-None-Match */

    @Test
    void ifNoneMatchWithCurrentTagGives304ForGet() {
        assertThat(get().with("If-None-Match", "\"v2\"").evaluate(), is(NOT_MODIFIED));
    }

    @Test
    void ifNoneMatchWithCurrentTagGives304ForHead() {
        assertThat(new Req("HEAD").with("If-None-Match", "\"v2\"").evaluate(), is(NOT_MODIFIED));
    }

    @Test
    void ifNoneMatchUsesWeakComparison() {
        assertThat(get().with("If-None-Match", "W/\"v2\"").evaluate(), is(NOT_MODIFIED));
    }

    @Test
    void ifNoneMatchWithStaleTagProceeds() {
        assertThat(get().with("If-None-Match", "\"v1\"").evaluate(), is(PROCEED));
    }

    @Test
    void ifNoneMatchStarMatchesAnExistingRepresentation() {
        assertThat(get().with("If-None-Match", "*").evaluate(), is(NOT_MODIFIED));
    }

    @Test
    void ifNoneMatchOnUnsafeMethodGives412NotA304() {
        assertThat(put().with("If-None-Match", "\"v2\"").evaluate(), is(PRECONDITION_FAILED));
        assertThat(put().with("If-None-Match", "*").evaluate(), is(PRECONDITION_FAILED));
    }

    @Test
    void malformedIfNoneMatchNeverYields304() {
        assertThat(get().with("If-None-Match", "v2").evaluate(), is(PROCEED));
        assertThat(get().with("If-None-Match", "w/\"v2\"").evaluate(), is(PROCEED));
    }

    /* §13.1.1 If-Match */

    @Test
    void ifMatchWithCurrentTagProceeds() {
        assertThat(put().with("If-Match", "\"v2\"").evaluate(), is(PROCEED));
    }

    @Test
    void ifMatchWithStaleTagGives412() {
        assertThat(put().with("If-Match", "\"v1\"").evaluate(), is(PRECONDITION_FAILED));
    }

    @Test
    void weakTagNeverSatisfiesIfMatch() {
        assertThat(put().with("If-Match", "W/\"v2\"").evaluate(), is(PRECONDITION_FAILED));
    }

    @Test
    void ifMatchStarSatisfiedByAnExistingRepresentation() {
        assertThat(put().with("If-Match", "*").evaluate(), is(PROCEED));
    }

    @Test
    void ifMatchStarFailsWithoutARepresentation() {
        assertThat(put().with("If-Match", "*").evaluate(new Validators(null, null)), is(PRECONDITION_FAILED));
    }

    @Test
    void ifMatchOnGetThatFailsGives412() {
        assertThat(get().with("If-Match", "\"v1\"").evaluate(), is(PRECONDITION_FAILED));
    }

    @Test
    void malformedIfMatchFailsClosed() {
        assertThat(put().with("If-Match", "v2").evaluate(), is(PRECONDITION_FAILED));
    }

    /* §13.1.4 If-Unmodified-Since */

    @Test
    void ifUnmodifiedSinceBeforeModificationGives412() {
        assertThat(put().with("If-Unmodified-Since", ONE_SECOND_EARLIER).evaluate(), is(PRECONDITION_FAILED));
    }

    @Test
    void ifUnmodifiedSinceAtOrAfterModificationProceeds() {
        assertThat(put().with("If-Unmodified-Since", MODIFIED_DATE).evaluate(), is(PROCEED));
        assertThat(put().with("If-Unmodified-Since", ONE_SECOND_LATER).evaluate(), is(PROCEED));
    }

    @Test
    void ifUnmodifiedSinceIgnoredWhenIfMatchPresent() {
        assertThat(put().with("If-Match", "\"v2\"").with("If-Unmodified-Since", ONE_SECOND_EARLIER).evaluate(),
                is(PROCEED));
    }

    @Test
    void invalidIfUnmodifiedSinceIsIgnored() {
        assertThat(put().with("If-Unmodified-Since", "not a date").evaluate(), is(PROCEED));
    }

    @Test
    void ifUnmodifiedSinceIgnoredWithoutALastModified() {
        assertThat(put().with("If-Unmodified-Since", ONE_SECOND_EARLIER)
                .evaluate(new Validators(EntityTag.strong("v2"), null)), is(PROCEED));
    }

    /* §13.1.3 If-Modified-Since */

    @Test
    void ifModifiedSinceAtModificationGives304() {
        assertThat(get().with("If-Modified-Since", MODIFIED_DATE).evaluate(), is(NOT_MODIFIED));
    }

    @Test
    void ifModifiedSinceBeforeModificationProceeds() {
        assertThat(get().with("If-Modified-Since", ONE_SECOND_EARLIER).evaluate(), is(PROCEED));
    }

    @Test
    void ifModifiedSinceComparedAtSecondPrecision() {
        // Last-Modified 12:00:00.900 is still "12:00:00" on the wire; a client echoing it gets a 304.
        var subSecond = new Validators(EntityTag.strong("v2"), MODIFIED.plusMillis(900));
        assertThat(get().with("If-Modified-Since", MODIFIED_DATE).evaluate(subSecond), is(NOT_MODIFIED));
    }

    @Test
    void ifModifiedSinceIgnoredWhenIfNoneMatchPresent() {
        // A stale tag wins over a date that would say "not modified": the tag is the better validator.
        assertThat(get().with("If-None-Match", "\"v1\"").with("If-Modified-Since", ONE_SECOND_LATER).evaluate(),
                is(PROCEED));
    }

    @Test
    void ifModifiedSinceIgnoredForUnsafeMethods() {
        assertThat(put().with("If-Modified-Since", ONE_SECOND_LATER).evaluate(), is(PROCEED));
    }

    @Test
    void invalidIfModifiedSinceIsIgnored() {
        assertThat(get().with("If-Modified-Since", "Sun, 31 Nov 2026 12:00:00 GMT").evaluate(), is(PROCEED));
    }

    @Test
    void ifModifiedSinceWithMoreThanOneMemberIsIgnored() {
        assertThat(get().with("If-Modified-Since", MODIFIED_DATE).with("If-Modified-Since", ONE_SECOND_LATER)
                .evaluate(), is(PROCEED));
    }

    /* §13.2.2 order */

    @Test
    void ifMatchTakesPrecedenceOverIfNoneMatch() {
        // If-Match fails first: 412, even though If-None-Match alone would give 304.
        assertThat(get().with("If-Match", "\"v1\"").with("If-None-Match", "\"v2\"").evaluate(),
                is(PRECONDITION_FAILED));
    }

    @Test
    void passingIfMatchThenMatchingIfNoneMatchGives304ForGet() {
        assertThat(get().with("If-Match", "\"v2\"").with("If-None-Match", "\"v2\"").evaluate(), is(NOT_MODIFIED));
    }

    @Test
    void ifUnmodifiedSinceTakesPrecedenceOverIfNoneMatch() {
        assertThat(get().with("If-Unmodified-Since", ONE_SECOND_EARLIER).with("If-None-Match", "\"v2\"").evaluate(),
                is(PRECONDITION_FAILED));
    }

    @Test
    void lostUpdatePreconditionMeansIfMatchOrValidIfUnmodifiedSince() {
        assertThat(put().with("If-Match", "\"v2\"").request().hasLostUpdatePrecondition(), is(true));
        assertThat(put().with("If-Unmodified-Since", MODIFIED_DATE).request().hasLostUpdatePrecondition(), is(true));
        assertThat(put().with("If-Unmodified-Since", "garbage").request().hasLostUpdatePrecondition(), is(false));
        assertThat(put().with("If-None-Match", "*").request().hasLostUpdatePrecondition(), is(false));
    }

    @Test
    void starNextToEntityTagsMakesTheFieldInvalid() {
        // §13.1.1/§13.1.2: "*" or a list of tags. The handler answers 400 instead of evaluating it.
        assertThat(get().with("If-None-Match", "*, \"v2\"").request().invalidTagField(),
                is(Optional.of("If-None-Match")));
        assertThat(put().with("If-Match", "\"v2\", *").request().invalidTagField(), is(Optional.of("If-Match")));
        assertThat(get().with("If-None-Match", "*").request().invalidTagField(), is(Optional.empty()));
        assertThat(get().with("If-None-Match", "\"v1\", xyzzy").request().invalidTagField(), is(Optional.empty()));
    }

    /* Variants: the selected representation's tag, and the other variants of the same state */

    private static final Validators GZIP_SELECTED = new Validators(EntityTag.strong("v2-gz"), MODIFIED, true,
            List.of(EntityTag.strong("v2")));

    @Test
    void ifNoneMatchWithTheSelectedVariantsTagGives304() {
        // Apache bug 45023: the suffixed tag the client holds must validate the suffixed variant.
        assertThat(get().with("If-None-Match", "\"v2-gz\"").evaluate(GZIP_SELECTED), is(NOT_MODIFIED));
    }

    @Test
    void ifNoneMatchWithAnotherVariantsTagIsNotA304OnGet() {
        // A 304 would tell a client holding identity bytes to reuse them as the gzip variant.
        assertThat(get().with("If-None-Match", "\"v2\"").evaluate(GZIP_SELECTED), is(PROCEED));
    }

    @Test
    void ifMatchOnPutAcceptsAnyVariantTagOfTheCurrentState() {
        assertThat(put().with("If-Match", "\"v2\"").evaluate(GZIP_SELECTED), is(PROCEED));
        assertThat(put().with("If-Match", "\"v2-gz\"").evaluate(GZIP_SELECTED), is(PROCEED));
        assertThat(put().with("If-Match", "\"v1-gz\"").evaluate(GZIP_SELECTED), is(PRECONDITION_FAILED));
    }

    @Test
    void ifMatchOnGetComparesTheSelectedVariantOnly() {
        assertThat(get().with("If-Match", "\"v2\"").evaluate(GZIP_SELECTED), is(PRECONDITION_FAILED));
    }

    @Test
    void ifNoneMatchOnPutMatchesAnyVariantTagOfTheCurrentState() {
        assertThat(put().with("If-None-Match", "\"v2\"").evaluate(GZIP_SELECTED), is(PRECONDITION_FAILED));
    }

    /* §8.8.2.2: a Last-Modified shared by two versions is weak */

    private static final Validators WEAK_DATE = new Validators(EntityTag.strong("v2"), MODIFIED.plusMillis(700),
            false, List.of());

    @Test
    void ifModifiedSinceNamingAWeakLastModifiedsSecondIsNotA304() {
        assertThat(get().with("If-Modified-Since", MODIFIED_DATE).evaluate(WEAK_DATE), is(PROCEED));
    }

    @Test
    void ifModifiedSinceAfterAWeakLastModifiedsSecondStillGives304() {
        // A date from after the ambiguous second was taken once both writes were done.
        assertThat(get().with("If-Modified-Since", ONE_SECOND_LATER).evaluate(WEAK_DATE), is(NOT_MODIFIED));
    }

    @Test
    void ifUnmodifiedSinceNamingAWeakLastModifiedsSecondFails() {
        assertThat(put().with("If-Unmodified-Since", MODIFIED_DATE).evaluate(WEAK_DATE), is(PRECONDITION_FAILED));
    }

    @Test
    void weakLastModifiedDoesNotAffectIfNoneMatch() {
        assertThat(get().with("If-None-Match", "\"v2\"").with("If-Modified-Since", MODIFIED_DATE)
                .evaluate(WEAK_DATE), is(NOT_MODIFIED));
    }

    /* The decision names the rule that made it (§13.2.2 step by step) */

    @Test
    void failingIfMatchIsDecidedByIfMatch() {
        assertThat(put().with("If-Match", "\"v1\"").with("If-None-Match", "\"v2\"").decide(),
                is(new Decision(PRECONDITION_FAILED, Rule.IF_MATCH)));
    }

    @Test
    void failingIfUnmodifiedSinceIsDecidedByIfUnmodifiedSince() {
        assertThat(put().with("If-Unmodified-Since", ONE_SECOND_EARLIER).decide(),
                is(new Decision(PRECONDITION_FAILED, Rule.IF_UNMODIFIED_SINCE)));
    }

    @Test
    void passingIfMatchThenMatchingIfNoneMatchOnPutIsDecidedByIfNoneMatch() {
        // If-Match held; the write fails on If-None-Match, and a message naming If-Match would mislead.
        assertThat(put().with("If-Match", "\"v2\"").with("If-None-Match", "\"v2\"").decide(),
                is(new Decision(PRECONDITION_FAILED, Rule.IF_NONE_MATCH)));
    }

    @Test
    void ifNoneMatchStarOnAnExistingRepresentationIsDecidedByIfNoneMatch() {
        assertThat(put().with("If-None-Match", "*").decide(), is(new Decision(PRECONDITION_FAILED, Rule.IF_NONE_MATCH)));
    }

    @Test
    void notModifiedByTagIsDecidedByIfNoneMatch() {
        assertThat(get().with("If-None-Match", "\"v2\"").with("If-Modified-Since", MODIFIED_DATE).decide(),
                is(new Decision(NOT_MODIFIED, Rule.IF_NONE_MATCH)));
    }

    @Test
    void notModifiedByDateIsDecidedByIfModifiedSince() {
        assertThat(get().with("If-Modified-Since", MODIFIED_DATE).decide(),
                is(new Decision(NOT_MODIFIED, Rule.IF_MODIFIED_SINCE)));
    }

    @Test
    void proceedingIsDecidedByNoRule() {
        assertThat(put().with("If-Match", "\"v2\"").with("If-None-Match", "\"v1\"").decide(),
                is(new Decision(PROCEED, Rule.NONE)));
        assertThat(get().decide(), is(new Decision(PROCEED, Rule.NONE)));
    }

    private static Req get() {
        return new Req("GET");
    }

    private static Req put() {
        return new Req("PUT");
    }

    private static final class Req {
        private final String method;
        private final Map<String, List<String>> fields = new HashMap<>();

        Req(String method) {
            this.method = method;
        }

        Req with(String name, String value) {
            fields.computeIfAbsent(name, n -> new java.util.ArrayList<>()).add(value);
            return this;
        }

        ConditionalRequest request() {
            return ConditionalRequest.parse(method, name -> fields.getOrDefault(name, List.of()));
        }

        Preconditions.Outcome evaluate() {
            return evaluate(CURRENT);
        }

        Preconditions.Outcome evaluate(Validators current) {
            return decide(current).outcome();
        }

        Preconditions.Decision decide() {
            return decide(CURRENT);
        }

        Preconditions.Decision decide(Validators current) {
            return Preconditions.evaluate(request(), current);
        }
    }
}
