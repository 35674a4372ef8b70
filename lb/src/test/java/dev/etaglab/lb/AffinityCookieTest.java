package dev.etaglab.lb;

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
            String setCookie = AffinityCookie.setCookie(key).get();
            String pair = setCookie.substring(0, setCookie.indexOf(';'));

            assertThat(AffinityCookie.key(pair), is(OptionalLong.of(key)));
        }
    }

    @Test
    void setCookieIsForTheWholeSiteAndHiddenFromScripts() {
        assertThat(AffinityCookie.setCookie(KEY).get(), is("lb_affinity=0123456789abcdef; Path=/; HttpOnly"));
    }
}
