package dev.etaglab.lb;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BackendsTest {
    private final Backend first = new Backend(URI.create("http://127.0.0.1:8081"));
    private final Backends backends = new Backends(List.of(first));
    private final List<String> events = new ArrayList<>();

    BackendsTest() {
        backends.addListener(new Backends.Listener() {
            @Override
            public void added(Backend backend) {
                events.add("added " + backend + ", visible: " + backends.snapshot().contains(backend));
            }

            @Override
            public void removed(Backend backend) {
                events.add("removed " + backend + ", visible: " + backends.snapshot().contains(backend));
            }
        });
    }

    @Test
    void anAddedBackendGoesToTheEndOfTheRing() {
        Backend added = backends.add(URI.create("http://127.0.0.1:8082")).orElseThrow();

        assertThat(backends.snapshot(), contains(first, added));
    }

    @Test
    void anAddedBackendWaitsOutOfRotationForItsFirstHealthCheck() {
        assertThat(backends.add(URI.create("http://127.0.0.1:8082")).orElseThrow().isHealthy(), is(false));
    }

    @Test
    void addingAnOriginAlreadyPresentAddsNothing() {
        assertThat(backends.add(URI.create("http://127.0.0.1:8081/")).isPresent(), is(false));
        assertThat(backends.snapshot(), contains(first));
        assertThat(events, is(empty()));
    }

    @Test
    void listenersHearOfANewBackendBeforeItIsVisibleAndOfARemovedOneAfterItIsGone() {
        backends.add(URI.create("http://127.0.0.1:8082"));
        backends.remove(URI.create("http://127.0.0.1:8081"));

        assertThat(events, contains("added 127.0.0.1:8082, visible: false", "removed 127.0.0.1:8081, visible: false"));
    }

    @Test
    void removingAnOriginRemovesEveryBackendWithIt() {
        Backends twice = new Backends(List.of(first, new Backend(URI.create("http://127.0.0.1:8081")),
                                              new Backend(URI.create("http://127.0.0.1:8082"))));

        assertThat(twice.remove(URI.create("http://127.0.0.1:8081")), hasSize(2));
        assertThat(twice.snapshot().stream().map(Backend::label).toList(), contains("127.0.0.1:8082"));
    }

    @Test
    void removingAnAbsentOriginChangesNothing() {
        List<Backend> before = backends.snapshot();

        assertThat(backends.remove(URI.create("http://127.0.0.1:9999")), is(empty()));
        assertThat(backends.snapshot(), is(before));
        assertThat(events, is(empty()));
    }

    @Test
    void aSnapshotTakenBeforeAChangeDoesNotChange() {
        List<Backend> before = backends.snapshot();

        backends.add(URI.create("http://127.0.0.1:8082"));
        backends.remove(URI.create("http://127.0.0.1:8081"));

        assertThat(before, contains(first));
    }

    @Test
    void anOriginWithAPathIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> backends.add(URI.create("http://127.0.0.1:8082/api")));
        assertThat(backends.snapshot(), contains(first));
    }
}
