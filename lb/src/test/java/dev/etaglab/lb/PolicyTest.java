package dev.etaglab.lb;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static dev.etaglab.lb.ClientAffinity.NONE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

class PolicyTest {
    private final Backend a = new Backend(URI.create("http://127.0.0.1:1"));
    private final Backend b = new Backend(URI.create("http://127.0.0.1:2"));
    private final Backend c = new Backend(URI.create("http://127.0.0.1:3"));
    private final List<Backend> ring = List.of(a, b, c);

    @Test
    void roundRobinVisitsTheRingInOrder() {
        Policy policy = new RoundRobinPolicy();

        assertThat(pick(policy, 6), contains(a, b, c, a, b, c));
    }

    @Test
    void roundRobinSkipsUnhealthyAndTriedBackends() {
        Policy policy = new RoundRobinPolicy();
        b.markDown();

        assertThat(policy.select(ring, Set.of(), NONE), is(Optional.of(a)));
        assertThat(policy.select(ring, Set.of(), NONE), is(Optional.of(c)));
        assertThat(policy.select(ring, Set.of(c), NONE), is(Optional.of(a)));
    }

    @Test
    void roundRobinSurvivesCounterOverflow() {
        Policy policy = new RoundRobinPolicy(Integer.MAX_VALUE - 2);

        // Would throw IndexOutOfBounds with a plain % once the counter turns negative.
        assertThat(pick(policy, 6).size(), is(6));
    }

    @Test
    void everyPolicyAnswersEmptyWhenNoBackendIsEligible() {
        a.markDown();
        for (PolicyName name : PolicyName.values()) {
            assertThat(name.toString(), name.newPolicy().select(ring, Set.of(b, c), NONE), is(Optional.empty()));
        }
    }

    @Test
    void randomNeverPicksAnIneligibleBackend() {
        Policy policy = new RandomPolicy();
        a.markDown();

        assertThat(IntStream.range(0, 100).mapToObj(i -> policy.select(ring, Set.of(b), NONE).orElseThrow()).distinct().toList(),
                   contains(c));
    }

    @Test
    void leastInFlightPicksTheLeastBusyBackend() {
        Policy policy = new LeastInFlightPolicy();
        a.exchangeStarted();
        a.exchangeStarted();
        b.exchangeStarted();
        c.exchangeStarted();
        c.exchangeStarted();

        assertThat(policy.select(ring, Set.of(), NONE), is(Optional.of(b)));
    }

    @Test
    void leastInFlightSharesTiesEvenly() {
        Policy policy = new LeastInFlightPolicy();
        a.exchangeStarted();
        Map<Backend, Integer> counts = new HashMap<>();

        pick(policy, 10).forEach(backend -> counts.merge(backend, 1, Integer::sum));

        assertThat(counts, is(Map.of(b, 5, c, 5)));
        assertThat(counts.keySet(), not(contains(a)));
    }

    private List<Backend> pick(Policy policy, int times) {
        return IntStream.range(0, times).mapToObj(i -> policy.select(ring, Set.of(), NONE).orElseThrow()).toList();
    }
}
