package dev.etaglab.server.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9110 §12.5.3 (Accept-Encoding) and §12.4.2 (quality values), one rule per test. */
class AcceptEncodingTest {

    private static final List<String> OFFERED = List.of("gzip", "identity");

    private static String select(String field) {
        return AcceptEncoding.parse(field).select(OFFERED);
    }

    @Test
    void absentFieldGetsIdentity() {
        assertThat(AcceptEncoding.ABSENT.select(OFFERED), is("identity"));
        assertThat(AcceptEncoding.parse(List.of()).present(), is(false));
    }

    @Test
    void listedCodingIsSelected() {
        assertThat(select("gzip"), is("gzip"));
        assertThat(select("gzip, deflate, br"), is("gzip"));
    }

    @Test
    void codingNamesAreCaseInsensitive() {
        assertThat(select("GZip"), is("gzip"));
    }

    @Test
    void xGzipIsGzip() {
        assertThat(select("x-gzip"), is("gzip"));
    }

    @Test
    void qZeroMeansNotAcceptable() {
        assertThat(select("gzip;q=0"), is("identity"));
        assertThat(select("gzip; q=0.000"), is("identity"));
    }

    @Test
    void higherWeightWins() {
        assertThat(select("gzip;q=0.5, identity"), is("identity"));
        assertThat(select("gzip;q=0.9, identity;q=0.8"), is("gzip"));
    }

    @Test
    void tieGoesToTheServersPreference() {
        assertThat(select("identity;q=0.5, gzip;q=0.5"), is("gzip"));
    }

    @Test
    void wildcardCoversUnlistedCodings() {
        assertThat(select("*"), is("gzip"));
        assertThat(select("br, *;q=0.1"), is("gzip"));
    }

    @Test
    void explicitCodingOverridesWildcard() {
        assertThat(select("*, gzip;q=0"), is("identity"));
    }

    @Test
    void identityIsAcceptableUnlessExcluded() {
        assertThat(AcceptEncoding.parse("br").accepts("identity"), is(true));
        assertThat(AcceptEncoding.parse("identity;q=0").accepts("identity"), is(false));
        assertThat(AcceptEncoding.parse("*;q=0").accepts("identity"), is(false));
        assertThat(AcceptEncoding.parse("*;q=0, identity").accepts("identity"), is(true));
    }

    @Test
    void emptyFieldValueMeansIdentityOnly() {
        AcceptEncoding empty = AcceptEncoding.parse("");
        assertThat(empty.accepts("identity"), is(true));
        assertThat(empty.accepts("gzip"), is(false));
    }

    @Test
    void nothingAcceptableFallsBackToIdentity() {
        // §12.1: the server may disregard the field rather than send 406.
        assertThat(select("identity;q=0, gzip;q=0"), is("identity"));
    }

    @Test
    void malformedWeightSkipsTheMember() {
        assertThat(select("gzip;q=1.5"), is("identity"));
        assertThat(select("gzip;q=0.1234"), is("identity"));
        assertThat(select("gzip;level=9"), is("identity"));
        assertThat(select("gzip;q=.5"), is("identity"));
    }

    @Test
    void qvalueGrammar() {
        assertThat(AcceptEncoding.qvalue("1"), is(1000));
        assertThat(AcceptEncoding.qvalue("1.000"), is(1000));
        assertThat(AcceptEncoding.qvalue("0.5"), is(500));
        assertThat(AcceptEncoding.qvalue("0.001"), is(1));
        assertThat(AcceptEncoding.qvalue("1.001"), is(-1));
        assertThat(AcceptEncoding.qvalue("2"), is(-1));
    }

    @Test
    void emptyListElementsAndLinesCombine() {
        assertThat(AcceptEncoding.parse(List.of(" , br", "gzip;q=0.3,, identity;q=0.2")).select(OFFERED), is("gzip"));
    }

    @Test
    void hostileMemberCountIsCapped() {
        String many = "br;q=0.1, ".repeat(10_000) + "gzip";
        AcceptEncoding parsed = AcceptEncoding.parse(many);
        assertThat(parsed.members().size(), is(AcceptEncoding.MAX_MEMBERS));
        assertThat(parsed.select(OFFERED), is("identity"));
    }
}
