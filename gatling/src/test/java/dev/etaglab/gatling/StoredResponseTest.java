package dev.etaglab.gatling;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

/** The client's cache, from RFC 9111's text. */
class StoredResponseTest {

    @Test
    void maxAgeMakesTheResponseFreshForThatManySecondsAfterItArrived() { // §4.2.1
        var stored = StoredResponse.of(10_000, "\"a\"", "max-age=10", "d");
        assertThat(stored.fresh(19_999), is(true));
        assertThat(stored.fresh(20_000), is(false));
    }

    @Test
    void noCacheRequiresRevalidationBeforeEveryReuse() { // §5.2.2.4
        assertThat(StoredResponse.of(10_000, "\"a\"", "no-cache", "d").fresh(10_000), is(false));
        assertThat(StoredResponse.of(10_000, "\"a\"", "max-age=10, no-cache", "d").fresh(10_001), is(false));
    }

    @Test
    void withoutAStatedLifetimeTheResponseIsStale() { // §4.2.2: no heuristic without Last-Modified
        assertThat(StoredResponse.of(10_000, "\"a\"", null, "d").fresh(10_000), is(false));
        assertThat(StoredResponse.of(10_000, "\"a\"", "public", "d").fresh(10_000), is(false));
    }

    @Test
    void directivesAreCaseInsensitiveAndMayBeQuoted() { // §5.2
        assertThat(StoredResponse.maxAge(" Max-Age=\"5\" , public").getAsLong(), is(5L));
    }

    @Test
    void anInvalidMaxAgeMakesTheResponseStale() { // §4.2.1
        assertThat(StoredResponse.of(10_000, "\"a\"", "max-age=soon", "d").fresh(10_000), is(false));
    }

    @Test
    void a304FreshensTheStoredBytesAndReplacesTheirFields() { // §4.3.4
        var stored = StoredResponse.of(10_000, "\"a\"", "max-age=10", "d");
        var freshened = stored.freshenedBy(30_000, "\"a\"", "no-cache");
        assertThat(freshened.contentDigest(), is("d"));
        assertThat(freshened.fresh(30_000), is(false));
        assertThat(stored.freshenedBy(30_000, "", "max-age=5").etag(), is("\"a\""));
        assertThat(stored.freshenedBy(30_000, null, "max-age=5").fresh(34_999), is(true));
    }
}
