package dev.etaglab.gatling;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import dev.etaglab.gatling.ClientLog.NetworkResponse;
import dev.etaglab.gatling.RunResult.PhaseResult;
import dev.etaglab.lb.cluster.SocketSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The verdicts of the experiment, on synthetic client logs: a 200 that resends bytes the client holds
 * is the bug; a 200 with new bytes after a change is not; every client must get each change.
 * Timeline of the ci profile, from 0: ramp 0–2 s, max-age 2–18 s (change at 10 s), revalidation 18–34 s (change at 26 s).
 */
class RunAnalysisTest {

    private static final RunClock CLOCK = new RunClock(0, ExperimentProfile.named("ci"));
    private static final String OLD = "old-1";
    private static final String NEW_1 = "new-1";
    private static final String NEW_2 = "new-2";
    private static final List<ContentChange> CHANGES = List.of(
            new ContentChange(Phase.MAX_AGE, 10_000, 10_050, 10_200, 0, NEW_1),
            new ContentChange(Phase.REVALIDATION, 26_000, 26_050, 26_200, 0, NEW_2));

    private final ClientLog log = new ClientLog();

    @Test
    void contentDerivedRevalidationsAre304AndEveryClientGetsEachChange() {
        for (long user = 1; user <= 2; user++) {
            ok(user, 100, OLD, false);
            notModified(user, 5_000);
            ok(user, 11_000, NEW_1, true);
            notModified(user, 14_000);
            notModified(user, 20_000);
            ok(user, 27_000, NEW_2, true);
            notModified(user, 30_000);
        }
        var analysis = analysis(bytesPerResponse());
        List<PhaseResult> phases = analysis.phases();
        assertThat(phases.get(0).rate304Unchanged(), is(1.0));
        assertThat(phases.get(1).rate304Unchanged(), is(1.0));
        assertThat(phases.get(0).clientsMissingChange(), is(0));
        assertThat(RunAnalysis.violations(phases, analysis.egressAgreement(), 1.0), is(empty()));
    }

    @Test
    void aFull200ResendingTheSameBytesIsTheBug() {
        ok(1, 100, OLD, false);
        ok(1, 5_000, OLD, true);      // new ETag, same bytes: wasted body
        notModified(1, 6_000);
        ok(1, 11_000, NEW_1, true);   // a real change: not the bug
        ok(1, 20_000, NEW_1, true);   // the bug again
        ok(1, 27_000, NEW_2, true);
        var phases = analysis(bytesPerResponse()).phases();
        assertThat(phases.get(0).unchangedRevalidations(), is(2L));
        assertThat(phases.get(0).rate304Unchanged(), closeTo(0.5, 1e-9));
        assertThat(phases.get(1).rate304Unchanged(), is(0.0));
        assertThat(RunAnalysis.violations(phases, 1.0, 1.0),
                hasItem(startsWith("max-age phase: the 304 rate for unchanged content dropped to 50.0 %")));
    }

    @Test
    void aClientStillServedTheOldVersionAfterTheChangeWasVisibleMissedIt() {
        ok(1, 100, OLD, false);
        notModified(1, 10_500);        // after the change was on every replica: stale
        ok(1, 12_000, NEW_1, true);
        ok(1, 27_000, NEW_2, true);
        var phases = analysis(bytesPerResponse()).phases();
        assertThat(phases.get(0).clientsMissingChange(), is(1));
        assertThat(phases.get(1).clientsMissingChange(), is(0));
    }

    @Test
    void aClientThatGotTheNewVersionBeforeTheAcknowledgementSawIt() {
        ok(1, 100, OLD, false);
        ok(1, 10_100, NEW_1, true);    // the writing replica serves it before the 204 reaches the operator
        notModified(1, 12_000);
        ok(1, 27_000, NEW_2, true);
        assertThat(analysis(bytesPerResponse()).phases().get(0).clientsMissingChange(), is(0));
    }

    @Test
    void egressCrossCheckFailsWhenClientsAndBalancerDisagree() {
        ok(1, 3_000, OLD, false);
        var analysis = analysis(Map.of("200", 500L));
        assertThat(analysis.egressAgreement(), closeTo(2.0, 1e-9));
        assertThat(RunAnalysis.violations(analysis.phases(), analysis.egressAgreement(), 1.0),
                hasItem(startsWith("egress cross-check")));
    }

    private Map<String, Long> bytesPerResponse() {
        long ok = log.responses().stream().filter(r -> r.status() == 200 && r.endMillis() > 2_000).count();
        long nm = log.responses().stream().filter(r -> r.status() == 304 && r.endMillis() > 2_000).count();
        return Map.of("200", ok * 1000, "304", nm * 100);
    }

    @Test
    void aDisruptionCostsOneRefetchPerClientItReHomesUntilTheNextDisruption() {
        for (long user = 1; user <= 3; user++) {
            log.response(new NetworkResponse(user, 100, 105, 200, "\"a\"", OLD, false, 1000, true)); // placed
            notModified(user, 19_000);
        }
        // Disruption 1 at 20 s re-homes user 1 (a new cookie and the same bytes again) and not users 2 and 3.
        log.response(new NetworkResponse(1, 20_500, 20_505, 200, "\"b\"", OLD, true, 1000, true));
        notModified(2, 20_600);
        notModified(3, 20_700);
        // Disruption 2 at 22 s re-homes users 2 and 3; user 3 is moved but answered 304 (the tags agree).
        log.response(new NetworkResponse(2, 22_500, 22_505, 200, "\"c\"", OLD, true, 1000, true));
        log.response(new NetworkResponse(3, 22_600, 22_605, 304, "\"a\"", "empty", true, 100, true));
        // After the content change (26 s) a 200 is the new version, not a refetch.
        log.response(new NetworkResponse(1, 26_500, 26_505, 200, "\"d\"", NEW_2, true, 1000, false));
        var impacts = analysis(bytesPerResponse()).disruptions(List.of(
                new FaultEvent("first", 20_000, true), new FaultEvent("observed", 20_100, false),
                new FaultEvent("second", 22_000, true)));
        assertThat(impacts.size(), is(2));
        assertThat(impacts.get(0).endMillis(), is(22_000L));
        assertThat(impacts.get(0).refetches(), is(1L));
        assertThat(impacts.get(0).rehomings(), is(1L));
        assertThat(impacts.get(0).clientsRehomed(), is(1L));
        assertThat(impacts.get(1).endMillis(), is(26_000L));
        assertThat(impacts.get(1).refetches(), is(1L));
        assertThat(impacts.get(1).clientsRefetching(), is(1L));
        assertThat(impacts.get(1).rehomings(), is(2L));
        assertThat(impacts.get(1).clientsRehomed(), is(2L));
    }

    @Test
    void theKernelCountingOtherBytesThanTheBalancerInvalidatesTheRun() {
        assertThat(RunAnalysis.violations(List.of(), 1.0, 1.02), hasItem(startsWith("kernel cross-check: the "
                + "balancer's client sockets carried 102.00 % of the bytes the balancer counted")));
        assertThat(RunAnalysis.violations(List.of(), 1.0, 0.995), is(empty()));
    }

    /** Scrapes at the phase boundaries; the last one carries all bytes so the per-phase split is not tested here. */
    private RunAnalysis analysis(Map<String, Long> totalEgress) {
        log.responses().forEach(r -> log.poll(r.userId(), r.startMillis()));
        var zero = new LbMetrics(2_000, Map.of(), Map.of());
        var middle = new LbMetrics(18_000, Map.of(), Map.of());
        var end = new LbMetrics(40_000, Map.of(), totalEgress);
        return new RunAnalysis(CLOCK, log, List.of(reading(zero), reading(middle), reading(end)), CHANGES, 0);
    }

    /* The kernel's side is tested against real sockets (KernelSocketCountersTest); here no socket carried anything. */
    private static CounterReading reading(LbMetrics balancer) {
        return new CounterReading(balancer, new SocketSnapshot(Instant.ofEpochMilli(balancer.epochMillis()), Map.of()));
    }

    private void ok(long user, long start, String content, boolean conditional) {
        log.response(new NetworkResponse(user, start, start + 5, 200, "\"" + content + "\"", content, conditional, 1000, false));
    }

    private void notModified(long user, long start) {
        log.response(new NetworkResponse(user, start, start + 5, 304, "\"x\"", "empty", true, 100, false));
    }
}
