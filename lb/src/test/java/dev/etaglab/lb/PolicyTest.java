package dev.etaglab.lb;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static dev.etaglab.lb.ClientAffinity.NONE;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

class PolicyTest {
    private static final int KEYS = 100_000;

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
    void roundRobinWalksTheCurrentRingAfterItGrowsAndShrinks() {
        Policy policy = new RoundRobinPolicy();
        Backend d = new Backend(URI.create("http://127.0.0.1:4"));
        List<Backend> grown = List.of(a, b, c, d);
        List<Backend> shrunk = List.of(a, d);

        assertThat(pick(policy, 2), contains(a, b));
        assertThat(IntStream.range(0, 4).mapToObj(i -> policy.select(grown, Set.of(), NONE).orElseThrow()).toList(),
                   contains(c, d, a, b));
        assertThat(IntStream.range(0, 4).mapToObj(i -> policy.select(shrunk, Set.of(), NONE).orElseThrow()).toList(),
                   contains(a, d, a, d));
    }

    @Test
    void everyPolicyAnswersEmptyWhenEveryBackendWasRemoved() {
        for (PolicyName name : PolicyName.values()) {
            assertThat(name.toString(), name.newPolicy().select(List.of(), Set.of(), NONE), is(Optional.empty()));
        }
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

    @Test
    void stickySendsAKeyToTheSameBackendEveryTime() {
        Policy policy = new StickyPolicy();
        ClientAffinity client = new ClientAffinity(0x5eed_1234_abcd_0001L);
        Backend first = policy.select(ring, Set.of(), client).orElseThrow();

        assertThat(IntStream.range(0, 100).mapToObj(i -> policy.select(ring, Set.of(), client).orElseThrow())
                           .distinct().toList(),
                   contains(first));
    }

    @Test
    void stickySendsTheKeysOfAnIneligibleBackendWhereTheyWouldGoWithoutIt() {
        List<Backend> replicas = replicas(4);
        Backend ejected = replicas.get(1);
        ejected.markDown();
        List<Backend> withoutIt = replicas.stream().filter(backend -> backend != ejected).toList();

        for (long key : keys(10_000)) {
            assertThat(StickyPolicy.highestScore(key, replicas, Set.of()),
                       is(StickyPolicy.highestScore(key, withoutIt, Set.of())));
        }
    }

    @Test
    void stickyTriesTheKeysSecondHighestBackendAfterItsFirst() {
        List<Backend> replicas = replicas(3);
        for (long key : keys(1_000)) {
            Backend first = StickyPolicy.highestScore(key, replicas, Set.of()).orElseThrow();
            Backend second = StickyPolicy.highestScore(key, replicas, Set.of(first)).orElseThrow();

            assertThat(second, not(first));
            first.markDown();
            assertThat("the same backend whether the first was tried or ejected",
                       StickyPolicy.highestScore(key, replicas, Set.of()).orElseThrow(), is(second));
            first.markUp();
        }
    }

    @Test
    void stickyReturnsAKeyToItsBackendOnceThatIsHealthyAgain() {
        List<Backend> replicas = replicas(3);
        long key = keys(1)[0];
        Backend home = StickyPolicy.highestScore(key, replicas, Set.of()).orElseThrow();

        home.markDown();
        assertThat(StickyPolicy.highestScore(key, replicas, Set.of()).orElseThrow(), not(home));
        home.markUp();
        assertThat(StickyPolicy.highestScore(key, replicas, Set.of()).orElseThrow(), is(home));
    }

    @Test
    void stickySpreadsKeysEvenlyOverBackendsOnAdjacentPorts() {
        List<Backend> replicas = replicas(3);
        Map<Backend, Integer> counts = new HashMap<>();

        for (long key : keys(KEYS)) {
            counts.merge(StickyPolicy.highestScore(key, replicas, Set.of()).orElseThrow(), 1, Integer::sum);
        }

        // Binomial(100 000, 1/3): sd 0.0015 of the share; 0.01 is more than six of them.
        for (Backend backend : replicas) {
            assertThat(backend.toString(), share(counts.getOrDefault(backend, 0)), closeTo(1.0 / 3, 0.01));
        }
    }

    @Test
    void addingABackendMovesKeysOnlyToItAndAboutOneInNPlusOneOfThem() {
        List<Backend> before = replicas(3);
        List<Backend> after = new ArrayList<>(before);
        after.add(new Backend(URI.create("http://127.0.0.1:8084")));
        int moved = 0;

        for (long key : keys(KEYS)) {
            Backend was = StickyPolicy.highestScore(key, before, Set.of()).orElseThrow();
            Backend is = StickyPolicy.highestScore(key, after, Set.of()).orElseThrow();
            if (is != was) {
                assertThat("a key that moves goes to the new backend, never between old ones", is, is(after.getLast()));
                moved++;
            }
        }

        // Binomial(100 000, 1/4): sd 0.0014 of the share; 0.01 is seven of them.
        assertThat(share(moved), closeTo(1.0 / 4, 0.01));
    }

    @Test
    void removingABackendMovesOnlyTheKeysItHeld() {
        List<Backend> before = replicas(4);
        Backend removed = before.get(2);
        List<Backend> after = before.stream().filter(backend -> backend != removed).toList();

        for (long key : keys(KEYS)) {
            Backend was = StickyPolicy.highestScore(key, before, Set.of()).orElseThrow();
            if (was != removed) {
                assertThat(StickyPolicy.highestScore(key, after, Set.of()).orElseThrow(), is(was));
            }
        }
    }

    /** {@code n} backends on adjacent ports, the layout most likely to expose a poorly mixed hash. */
    private static List<Backend> replicas(int n) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> new Backend(URI.create("http://127.0.0.1:808" + i))).toList();
    }

    /** Random keys, as the balancer mints them, from a fixed seed so that every run checks the same ones. */
    private static long[] keys(int n) {
        return new SplittableRandom(20_261_127L).longs(n).toArray();
    }

    private static double share(int count) {
        return (double) count / KEYS;
    }

    private List<Backend> pick(Policy policy, int times) {
        return IntStream.range(0, times).mapToObj(i -> policy.select(ring, Set.of(), NONE).orElseThrow()).toList();
    }
}
