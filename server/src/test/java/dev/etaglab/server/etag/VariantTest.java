package dev.etaglab.server.etag;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import dev.etaglab.server.http.EntityTag;
import org.junit.jupiter.api.Test;

/** How each variant's tag derives from the content tag (see {@link Variant} for the trade-off). */
class VariantTest {

    private static final EntityTag CONTENT = EntityTag.strong("q1w2e3r4t5y6u7i8o9p0aA");

    @Test
    void identityVariantCarriesTheContentTag() {
        assertThat(Variant.IDENTITY.tag(CONTENT), is(CONTENT));
    }

    @Test
    void gzipVariantHasItsOwnStrongTagDerivedDeterministically() {
        EntityTag gzip = Variant.GZIP.tag(CONTENT);
        assertThat(gzip.toString(), is("\"q1w2e3r4t5y6u7i8o9p0aA-gz\""));
        assertThat(gzip.weak(), is(false));
        // Not even a weak match: the bytes differ and so does the meaning of a 304 for them.
        assertThat(gzip.weakMatch(CONTENT), is(false));
        assertThat(Variant.GZIP.tag(EntityTag.strong("q1w2e3r4t5y6u7i8o9p0aA")), is(gzip));
    }

    @Test
    void nodeLocalTagsGetTheSameSuffix() {
        assertThat(Variant.GZIP.tag(EntityTag.strong("6565f2a0-5000")).toString(), is("\"6565f2a0-5000-gz\""));
    }

    @Test
    void prettyVariantIsTheWeakFormOfTheContentTag() {
        EntityTag pretty = Variant.PRETTY.tag(CONTENT);
        assertThat(pretty.toString(), is("W/\"q1w2e3r4t5y6u7i8o9p0aA\""));
        assertThat(pretty.weakMatch(CONTENT), is(true));
        assertThat(pretty.strongMatch(CONTENT), is(false));
        assertThat(pretty.strongMatch(pretty), is(false));
    }
}
