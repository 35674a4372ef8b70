package dev.etaglab.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EntityTagTest {

    /* RFC 9110 §8.8.3.2, the comparison table, one assertion per row. */

    @Test
    void weakVersusWeakSameOpaqueIsWeakMatchOnly() {
        assertThat(tag("W/\"1\"").strongMatch(tag("W/\"1\"")), is(false));
        assertThat(tag("W/\"1\"").weakMatch(tag("W/\"1\"")), is(true));
    }

    @Test
    void weakVersusWeakDifferentOpaqueMatchesNeither() {
        assertThat(tag("W/\"1\"").strongMatch(tag("W/\"2\"")), is(false));
        assertThat(tag("W/\"1\"").weakMatch(tag("W/\"2\"")), is(false));
    }

    @Test
    void weakVersusStrongSameOpaqueIsWeakMatchOnly() {
        assertThat(tag("W/\"1\"").strongMatch(tag("\"1\"")), is(false));
        assertThat(tag("W/\"1\"").weakMatch(tag("\"1\"")), is(true));
    }

    @Test
    void strongVersusStrongSameOpaqueMatchesBoth() {
        assertThat(tag("\"1\"").strongMatch(tag("\"1\"")), is(true));
        assertThat(tag("\"1\"").weakMatch(tag("\"1\"")), is(true));
    }

    @Test
    void comparisonIsCaseSensitive() {
        assertThat(tag("\"abc\"").weakMatch(tag("\"ABC\"")), is(false));
    }

    @Test
    void nothingMatchesNull() {
        assertThat(tag("\"1\"").strongMatch(null), is(false));
        assertThat(tag("\"1\"").weakMatch(null), is(false));
    }

    /* RFC 9110 §8.8.3 grammar. */

    @Test
    void parsesStrongAndWeakTags() {
        assertThat(EntityTag.parse("\"xyzzy\""), is(Optional.of(EntityTag.strong("xyzzy"))));
        assertThat(EntityTag.parse("W/\"xyzzy\""), is(Optional.of(EntityTag.weak("xyzzy"))));
        assertThat(EntityTag.parse("\"\""), is(Optional.of(EntityTag.strong(""))));
    }

    @ParameterizedTest(name = "rejects [{0}]")
    @ValueSource(strings = {
            "xyzzy",          // unquoted
            "w/\"xyzzy\"",    // weak indicator is case-sensitive
            "W /\"xyzzy\"",   // no space allowed inside the weak indicator
            "W/ \"xyzzy\"",   // nor after it
            "\"cut",          // unterminated
            "W/\"",           // unterminated, weak
            "\"",             // a lone quote
            "\"a\"b\"",       // DQUOTE is not an etagc
            " \"a\"",         // leading whitespace belongs to the list, not the tag
            "\"a b\"",        // SP is not an etagc
            "\"a\u0001\"",    // control character
            "*",              // only meaningful as a whole If-Match/If-None-Match value
            ""})
    void rejectsMalformedTags(String value) {
        assertThat(EntityTag.parse(value), is(Optional.empty()));
    }

    @Test
    void obsTextIsAllowedInsideTheQuotes() {
        assertThat(EntityTag.parse("\"caf\u00e9\"").isPresent(), is(true));
    }

    @Test
    void toStringRoundTrips() {
        for (String s : new String[] {"\"abc\"", "W/\"abc\"", "\"\"", "W/\"a,b\""}) {
            assertThat(tag(s).toString(), is(s));
        }
    }

    @Test
    void constructorRejectsAnOpaqueThatCannotBeSent() {
        assertThrows(IllegalArgumentException.class, () -> EntityTag.strong("has\"quote"));
    }

    private static EntityTag tag(String s) {
        return EntityTag.parse(s).orElseThrow();
    }
}
