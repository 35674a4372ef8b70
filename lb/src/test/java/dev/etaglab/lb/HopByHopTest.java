package dev.etaglab.lb;

import java.util.Set;

import io.helidon.http.HeaderNames;
import io.helidon.http.WritableHeaders;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class HopByHopTest {
    @Test
    void fixedHopByHopHeadersAreNotCopied() {
        WritableHeaders<?> from = WritableHeaders.create();
        HopByHop.HEADERS.forEach(name -> from.set(HeaderNames.create(name), "x"));
        from.set(HeaderNames.ETAG, "\"v1\"");
        WritableHeaders<?> to = WritableHeaders.create();

        HopByHop.copyEndToEnd(from, to, Set.of());

        assertThat(to.size(), is(1));
        assertThat(to.first(HeaderNames.ETAG).orElse(null), is("\"v1\""));
    }

    @Test
    void headersNamedInConnectionAreNotCopiedWhateverTheirCaseOrSpacing() {
        WritableHeaders<?> from = WritableHeaders.create();
        from.add(HeaderNames.CONNECTION, "keep-alive ,X-Secret");
        from.add(HeaderNames.CONNECTION, " x-other");
        from.set(HeaderNames.create("x-secret"), "1");
        from.set(HeaderNames.create("X-Other"), "2");
        from.set(HeaderNames.create("X-Kept"), "3");

        assertThat(HopByHop.namesToDrop(from).containsAll(Set.of("x-secret", "x-other", "keep-alive")), is(true));
        WritableHeaders<?> to = WritableHeaders.create();
        HopByHop.copyEndToEnd(from, to, Set.of());
        assertThat(to.size(), is(1));
        assertThat(to.contains(HeaderNames.create("X-Kept")), is(true));
    }

    @Test
    void headersTheCallerReplacesAreNotCopied() {
        WritableHeaders<?> from = WritableHeaders.create();
        from.set(HeaderNames.HOST, "client.example");
        from.set(HeaderNames.IF_NONE_MATCH, "\"v1\"");
        WritableHeaders<?> to = WritableHeaders.create();

        HopByHop.copyEndToEnd(from, to, Set.of("host"));

        assertThat(to.contains(HeaderNames.HOST), is(false));
        assertThat(to.first(HeaderNames.IF_NONE_MATCH).orElse(null), is("\"v1\""));
    }
}
