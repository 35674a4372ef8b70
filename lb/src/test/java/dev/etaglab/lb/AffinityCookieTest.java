package dev.etaglab.lb;

import java.util.Optional;
import java.util.OptionalLong;

import io.helidon.http.HeaderNames;
import io.helidon.http.WritableHeaders;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class AffinityCookieTest {
    private static final long KEY = 0x0123_4567_89ab_cdefL;

    @Test
    void theKeyIsReadAmongOtherCookies() {
        assertThat(AffinityCookie.key("session=xyz; lb_affinity=0123456789abcdef; theme=dark"), is(OptionalLong.of(KEY)));
    }

    @Test
    void aCookieWhoseNameOnlyContainsTheAffinityNameIsNotTheKey() {
        assertThat(AffinityCookie.key("xlb_affinity=0123456789abcdef; lb_affinity_old=0123456789abcdef"),
                   is(OptionalLong.empty()));
    }

    @Test
    void aValueTheBalancerCannotHaveMintedIsNoKey() {
        for (String value : new String[]{"", "0123456789abcde", "0123456789abcdef0", "0123456789ABCDEF",
                                         "+123456789abcdef", "0123456789abcdeg", "\"0123456789abcdef\""}) {
            assertThat(value, AffinityCookie.key("lb_affinity=" + value), is(OptionalLong.empty()));
        }
    }

    @Test
    void theFirstValidPairWinsWhenTheCookieRepeats() {
        assertThat(AffinityCookie.key("lb_affinity=bad; lb_affinity=0123456789abcdef; lb_affinity=ffffffffffffffff"),
                   is(OptionalLong.of(KEY)));
    }

    @Test
    void theKeyIsFoundInAnyOfSeveralCookieFields() {
        WritableHeaders<?> clientRequestHeaders = WritableHeaders.create();
        clientRequestHeaders.add(HeaderNames.COOKIE, "session=xyz", "lb_affinity=0123456789abcdef");

        assertThat(AffinityCookie.key(clientRequestHeaders), is(OptionalLong.of(KEY)));
    }

    @Test
    void noCookieFieldIsNoKey() {
        assertThat(AffinityCookie.key(WritableHeaders.create()), is(OptionalLong.empty()));
    }

    @Test
    void aMintedKeyReadsBackFromItsSetCookie() {
        for (long key : new long[]{0L, -1L, Long.MIN_VALUE, KEY}) {
            String setCookie = AffinityCookie.setCookie(key, Optional.of("00c0ffee")).get();
            String pair = setCookie.substring(0, setCookie.indexOf(';'));

            assertThat(AffinityCookie.value(pair), is(Optional.of(new AffinityCookie.Value(key, Optional.of("00c0ffee")))));
        }
    }

    @Test
    void setCookieIsForTheWholeSiteAndHiddenFromScripts() {
        assertThat(AffinityCookie.setCookie(KEY, Optional.of("00c0ffee")).get(),
                   is("lb_affinity=0123456789abcdef.00c0ffee; Path=/; HttpOnly"));
    }

    @Test
    void theCookieNamesTheBackendTheClientWasPlacedOn() {
        assertThat(AffinityCookie.value("lb_affinity=0123456789abcdef.00c0ffee"),
                   is(Optional.of(new AffinityCookie.Value(KEY, Optional.of("00c0ffee")))));
        assertThat(AffinityCookie.value("lb_affinity=0123456789abcdef"),
                   is(Optional.of(new AffinityCookie.Value(KEY, Optional.empty()))));
        for (String bad : new String[]{"0123456789abcdef.", "0123456789abcdef.00c0ffe", "0123456789abcdef.00C0FFEE",
                                       "0123456789abcdef-00c0ffee", "0123456789abcdef.00c0ffee0"}) {
            assertThat(bad, AffinityCookie.value("lb_affinity=" + bad), is(Optional.empty()));
        }
    }

    @Test
    void theBackendIdIsStableAndDoesNotSpellTheAddress() {
        String id = AffinityCookie.backendId("127.0.0.1:8081");
        assertThat(id, is(AffinityCookie.backendId("127.0.0.1:8081")));
        assertThat(id.length(), is(8));
        assertThat(id.equals(AffinityCookie.backendId("127.0.0.1:8082")), is(false));
    }
}
