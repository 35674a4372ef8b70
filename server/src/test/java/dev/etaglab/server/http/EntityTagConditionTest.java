package dev.etaglab.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntityTagConditionTest {

    private static final EntityTag CURRENT = EntityTag.strong("xyzzy");

    @Test
    void rfcExamplesOfIfMatchParse() {
        // RFC 9110 §13.1.1 examples.
        assertThat(EntityTagCondition.parse("\"xyzzy\"").tags(), contains(EntityTag.strong("xyzzy")));
        assertThat(EntityTagCondition.parse("\"xyzzy\", \"r2d2xxxx\", \"c3piozzzz\"").tags(),
                contains(EntityTag.strong("xyzzy"), EntityTag.strong("r2d2xxxx"), EntityTag.strong("c3piozzzz")));
        assertThat(EntityTagCondition.parse("*").any(), is(true));
    }

    @Test
    void rfcExamplesOfIfNoneMatchParse() {
        // RFC 9110 §13.1.2 examples.
        assertThat(EntityTagCondition.parse("W/\"xyzzy\"").tags(), contains(EntityTag.weak("xyzzy")));
        assertThat(EntityTagCondition.parse("W/\"xyzzy\", W/\"r2d2xxxx\", W/\"c3piozzzz\"").tags(),
                contains(EntityTag.weak("xyzzy"), EntityTag.weak("r2d2xxxx"), EntityTag.weak("c3piozzzz")));
    }

    @Test
    void commaInsideQuotesDoesNotSplitMembers() {
        assertThat(EntityTagCondition.parse("\"a,b\", \"c\"").tags(),
                contains(EntityTag.strong("a,b"), EntityTag.strong("c")));
    }

    @Test
    void emptyListElementsAndOwsAreIgnored() {
        // RFC 9110 §5.6.1.2: a recipient must accept and ignore empty elements.
        var condition = EntityTagCondition.parse(" ,\t\"a\" ,, \"b\",");
        assertThat(condition.tags(), contains(EntityTag.strong("a"), EntityTag.strong("b")));
        assertThat(condition.malformed(), is(0));
    }

    @Test
    void severalFieldLinesCombineIntoOneList() {
        // RFC 9110 §5.3: several field lines are one comma-separated list.
        assertThat(EntityTagCondition.parse(List.of("\"a\"", "W/\"b\"")).tags(),
                contains(EntityTag.strong("a"), EntityTag.weak("b")));
    }

    @Test
    void malformedMembersAreSkippedAndCounted() {
        var condition = EntityTagCondition.parse("xyzzy, \"ok\", w/\"lower\", \"cut");
        assertThat(condition.tags(), contains(EntityTag.strong("ok")));
        assertThat(condition.malformed(), is(3));
    }

    @Test
    void starNextToOtherMembersIsMalformedNotAny() {
        var condition = EntityTagCondition.parse("*, \"a\"");
        assertThat(condition.any(), is(false));
        assertThat(condition.tags(), contains(EntityTag.strong("a")));
        assertThat(condition.malformed(), is(1));
    }

    @Test
    void starNextToOtherMembersMakesTheFieldInvalid() {
        // §13.1.2: the field is "*" or a list of entity tags, never both; on two field lines too (§5.3).
        assertThat(EntityTagCondition.parse("*, \"a\"").starInList(), is(true));
        assertThat(EntityTagCondition.parse(List.of("\"a\"", "*")).starInList(), is(true));
        assertThat(EntityTagCondition.parse("*").starInList(), is(false));
        assertThat(EntityTagCondition.parse("\"*\", \"a\"").starInList(), is(false));
        assertThat(EntityTagCondition.parse("xyzzy, \"a\"").starInList(), is(false));
    }

    @Test
    void quotedStarIsAnOrdinaryTag() {
        var condition = EntityTagCondition.parse("\"*\"");
        assertThat(condition.any(), is(false));
        assertThat(condition.matchesWeakly(CURRENT), is(false));
    }

    @Test
    void ifMatchUsesStrongComparison() {
        assertThat(EntityTagCondition.parse("\"xyzzy\"").matchesStrongly(CURRENT), is(true));
        assertThat(EntityTagCondition.parse("W/\"xyzzy\"").matchesStrongly(CURRENT), is(false));
    }

    @Test
    void ifNoneMatchUsesWeakComparison() {
        assertThat(EntityTagCondition.parse("W/\"xyzzy\"").matchesWeakly(CURRENT), is(true));
        assertThat(EntityTagCondition.parse("\"other\", \"xyzzy\"").matchesWeakly(CURRENT), is(true));
    }

    @Test
    void starMatchesAnyCurrentRepresentationButNotNone() {
        assertThat(EntityTagCondition.parse("*").matchesStrongly(CURRENT), is(true));
        assertThat(EntityTagCondition.parse("*").matchesWeakly(CURRENT), is(true));
        assertThat(EntityTagCondition.parse("*").matchesStrongly(null), is(false));
    }

    @Test
    void emptyFieldValueMatchesNothing() {
        var condition = EntityTagCondition.parse("");
        assertThat(condition.tags(), is(empty()));
        assertThat(condition.matchesWeakly(CURRENT), is(false));
    }

    @Test
    void hostileListIsCappedAndItsTailNeverMatches() {
        String list = String.join(", ", Collections.nCopies(EntityTagCondition.MAX_MEMBERS, "\"nope\"")) + ", \"xyzzy\"";
        var condition = EntityTagCondition.parse(list);
        assertThat(condition.tags().size(), is(EntityTagCondition.MAX_MEMBERS));
        assertThat(condition.matchesWeakly(CURRENT), is(false));
    }
}
