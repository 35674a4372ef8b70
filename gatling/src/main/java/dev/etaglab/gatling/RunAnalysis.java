package dev.etaglab.gatling;

import dev.etaglab.gatling.ClientLog.NetworkResponse;
import dev.etaglab.gatling.ClientLog.Poll;
import dev.etaglab.gatling.RunResult.PhaseResult;
import dev.etaglab.gatling.RunResult.Second;
import dev.etaglab.lb.cluster.SocketTraffic;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Turns what the clients recorded and what the balancer counted into per-phase results and a verdict. */
final class RunAnalysis {

    /** How far the clients' byte count may stray from the balancer's over a run. */
    static final double EGRESS_TOLERANCE = 0.01;

    private final RunClock clock;
    private final List<Poll> polls;
    private final List<NetworkResponse> responses;
    private final List<CounterReading> scrapes;
    private final List<ContentChange> changes;
    private final long transportFailures;

    RunAnalysis(RunClock clock, ClientLog log, List<CounterReading> scrapes, List<ContentChange> changes,
                long transportFailures) {
        this.clock = clock;
        this.polls = log.polls();
        this.responses = log.responses().stream().sorted(Comparator.comparingLong(NetworkResponse::startMillis)).toList();
        this.scrapes = scrapes;
        this.changes = changes;
        this.transportFailures = transportFailures;
    }

    /** Classifies each conditional response by whether the content had changed since the client's last 200. */
    private Map<NetworkResponse, Boolean> unchangedContent() {
        Map<Long, String> lastDigest = new HashMap<>();
        Map<NetworkResponse, Boolean> unchanged = new HashMap<>();
        for (NetworkResponse r : responses) {
            String previous = lastDigest.get(r.userId());
            if (r.conditional() && previous != null) {
                unchanged.put(r, r.status() == 304 || previous.equals(r.contentDigest()));
            }
            if (r.status() == 200) {
                lastDigest.put(r.userId(), r.contentDigest());
            }
        }
        return unchanged;
    }

    List<PhaseResult> phases() {
        Map<NetworkResponse, Boolean> unchanged = unchangedContent();
        List<PhaseResult> results = new ArrayList<>();
        for (Phase phase : List.of(Phase.MAX_AGE, Phase.REVALIDATION)) {
            long pollCount = polls.stream().filter(p -> clock.phaseAt(p.epochMillis()) == phase).count();
            List<NetworkResponse> inPhase = responses.stream()
                    .filter(r -> clock.phaseAt(r.startMillis()) == phase).toList();
            long ok = inPhase.stream().filter(r -> r.status() == 200).count();
            long notModified = inPhase.stream().filter(r -> r.status() == 304).count();
            long errors = inPhase.size() - ok - notModified;
            long unchangedRevalidations = inPhase.stream().filter(r -> unchanged.getOrDefault(r, false)).count();
            long unchanged304 = inPhase.stream().filter(r -> unchanged.getOrDefault(r, false) && r.status() == 304).count();
            CounterReading fromReading = scrapes.get(phase == Phase.MAX_AGE ? 0 : 1);
            CounterReading toReading = scrapes.get(phase == Phase.MAX_AGE ? 1 : 2);
            LbMetrics from = fromReading.balancer();
            LbMetrics to = toReading.balancer();
            SocketTraffic kernel = toReading.kernel().since(fromReading.kernel());
            // Bytes are compared like the balancer counts them: by when the response was finished.
            long clientBytes = clientBytesBetween(from, to);
            long lbBytes = to.egressSince(from, "200", "304");
            long lbResponses = to.responsesSince(from, "200", "304");
            ContentChange change = changes.stream().filter(c -> c.phase() == phase).findFirst().orElseThrow();
            ChangeSeen seen = changeSeen(change, phase == Phase.MAX_AGE ? clock.revalidationStart() : clock.end());
            results.add(new PhaseResult(phase.label(), pollCount, inPhase.size(), Math.max(0, pollCount - inPhase.size()),
                    ok, notModified, unchangedRevalidations, unchanged304,
                    unchangedRevalidations == 0 ? 1.0 : (double) unchanged304 / unchangedRevalidations,
                    lbResponses, lbBytes, clientBytes, lbBytes == 0 ? 1.0 : (double) clientBytes / lbBytes,
                    pollCount == 0 ? 0 : (double) lbBytes / pollCount, seen.seconds(), seen.missing(),
                    transportFailures, errors, kernel.bytesWritten(), kernel.headerBytesOut(),
                    kernel.socketsDisappeared(), to.egressSinceForEveryStatus(from)));
        }
        return results;
    }

    private record ChangeSeen(double seconds, int missing) {
    }

    /**
     * Per client: after the change it must receive the new bytes in a 200, and once every replica serves
     * them (visible), no response may still give it the old version. Between the acknowledgement and that
     * moment a replica may still be landing the version (bounded by the origin sync interval), so either
     * answer is allowed there.
     */
    private ChangeSeen changeSeen(ContentChange change, long phaseEnd) {
        Map<Long, List<NetworkResponse>> byUser = responses.stream()
                .filter(r -> r.startMillis() >= change.sentMillis() && r.startMillis() < phaseEnd)
                .collect(Collectors.groupingBy(NetworkResponse::userId));
        java.util.Set<Long> users = new java.util.HashSet<>();
        polls.forEach(p -> users.add(p.userId()));
        long lastSeen = change.ackMillis();
        int missing = 0;
        for (Long user : users) {
            List<NetworkResponse> after = byUser.getOrDefault(user, List.of());
            var got = after.stream()
                    .filter(r -> r.status() == 200 && change.newDigest().equals(r.contentDigest())).findFirst();
            boolean staleAfterVisible = after.stream().anyMatch(r -> r.startMillis() >= change.visibleMillis()
                    && (got.isEmpty() || r.startMillis() < got.get().startMillis()));
            if (got.isEmpty() || staleAfterVisible) {
                missing++;
                continue;
            }
            lastSeen = Math.max(lastSeen, got.get().endMillis());
        }
        return new ChangeSeen((lastSeen - change.ackMillis()) / 1000.0, missing);
    }

    /**
     * Per disruption of the fault (in the revalidation phase): the refetches of unchanged content and the
     * clients the balancer re-homed, from its start to the next disruption or to the content change.
     */
    List<RunResult.DisruptionImpact> disruptions(List<FaultEvent> faults) {
        Map<NetworkResponse, Boolean> unchanged = unchangedContent();
        Map<Long, Long> firstResponse = new HashMap<>();
        for (NetworkResponse r : responses) {
            firstResponse.putIfAbsent(r.userId(), r.startMillis());
        }
        long change = changes.stream().filter(c -> c.phase() == Phase.REVALIDATION).mapToLong(ContentChange::sentMillis)
                .findFirst().orElse(clock.end());
        List<FaultEvent> starts = faults.stream().filter(FaultEvent::disruption).toList();
        List<RunResult.DisruptionImpact> impacts = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            long from = starts.get(i).epochMillis();
            long to = i + 1 < starts.size() ? starts.get(i + 1).epochMillis() : Math.max(from, change);
            List<NetworkResponse> window = responses.stream()
                    .filter(r -> r.startMillis() >= from && r.startMillis() < to).toList();
            List<NetworkResponse> refetches = window.stream()
                    .filter(r -> r.status() == 200 && unchanged.getOrDefault(r, false)).toList();
            List<NetworkResponse> rehomings = window.stream()
                    .filter(r -> r.setsCookie() && r.startMillis() > firstResponse.get(r.userId())).toList();
            impacts.add(new RunResult.DisruptionImpact(starts.get(i).what(), from, to, refetches.size(),
                    refetches.stream().map(NetworkResponse::userId).distinct().count(), rehomings.size(),
                    rehomings.stream().map(NetworkResponse::userId).distinct().count()));
        }
        return impacts;
    }

    List<Second> timeline() {
        Map<Long, long[]> seconds = new TreeMap<>();
        for (Poll p : polls) {
            seconds.computeIfAbsent((p.epochMillis() - clock.startMillis()) / 1000, s -> new long[4])[0]++;
        }
        for (NetworkResponse r : responses) {
            long[] s = seconds.computeIfAbsent((r.startMillis() - clock.startMillis()) / 1000, k -> new long[4]);
            if (r.status() == 200) {
                s[1]++;
            } else if (r.status() == 304) {
                s[2]++;
            }
            s[3] += r.wireBytes();
        }
        return seconds.entrySet().stream().map(e -> new Second(e.getKey(), e.getValue()[0], e.getValue()[1],
                e.getValue()[2], e.getValue()[3])).toList();
    }

    /**
     * The balancer's egress for the whole measured run against the clients' own sum. Per phase the two
     * can differ by the responses in flight at the boundary scrape; over the run they must agree.
     */
    double egressAgreement() {
        LbMetrics first = scrapes.getFirst().balancer();
        LbMetrics last = scrapes.getLast().balancer();
        long lb = last.egressSince(first, "200", "304");
        long clients = clientBytesBetween(first, last);
        return lb == 0 ? 1.0 : (double) clients / lb;
    }

    /**
     * The kernel's count of payload bytes the balancer wrote to its clients over the measured run, divided by
     * the balancer's own count of everything it wrote (every status: the operator's PUTs go through it too).
     */
    double kernelAgreement() {
        LbMetrics first = scrapes.getFirst().balancer();
        LbMetrics last = scrapes.getLast().balancer();
        long lb = last.egressSinceForEveryStatus(first);
        long kernel = scrapes.getLast().kernel().since(scrapes.getFirst().kernel()).bytesWritten();
        return lb == 0 ? 1.0 : (double) kernel / lb;
    }

    private long clientBytesBetween(LbMetrics from, LbMetrics to) {
        return responses.stream().filter(r -> r.endMillis() > from.epochMillis() && r.endMillis() <= to.epochMillis())
                .mapToLong(NetworkResponse::wireBytes).sum();
    }

    /** The contract, checked per phase: ≥ 99 % 304s for unchanged content, no failures, every client saw each change. */
    static List<String> violations(List<PhaseResult> phases, double egressAgreement, double kernelAgreement) {
        List<String> violations = new ArrayList<>();
        if (Math.abs(kernelAgreement - 1) > EGRESS_TOLERANCE) {
            violations.add(String.format(Locale.ROOT, "kernel cross-check: the balancer's client sockets carried %.2f %% "
                    + "of the bytes the balancer counted (tolerance ±%.0f %%)", 100 * kernelAgreement,
                    100 * EGRESS_TOLERANCE));
        }
        if (Math.abs(egressAgreement - 1) > EGRESS_TOLERANCE) {
            violations.add(String.format(Locale.ROOT, "egress cross-check: clients received %.2f %% of the bytes "
                    + "the balancer counted (tolerance ±%.0f %%)", 100 * egressAgreement, 100 * EGRESS_TOLERANCE));
        }
        for (PhaseResult p : phases) {
            if (p.rate304Unchanged() < ExperimentProfile.REQUIRED_304_RATE) {
                violations.add(String.format(Locale.ROOT,
                        "%s phase: the 304 rate for unchanged content dropped to %.1f %% (%d of %d revalidations; "
                                + "contract ≥ %.0f %%): replicas are minting different ETags for the same bytes",
                        p.phase(), 100 * p.rate304Unchanged(), p.unchangedAnswered304(), p.unchangedRevalidations(),
                        100 * ExperimentProfile.REQUIRED_304_RATE));
            }
            if (p.transportFailures() > 0) {
                violations.add(p.phase() + " phase: " + p.transportFailures() + " requests failed");
            }
            if (p.errorResponses() > 0) {
                // A poll must never see the cluster's trouble: a dead replica is the balancer's to hide.
                violations.add(p.phase() + " phase: " + p.errorResponses() + " responses were errors (not 200 or 304)");
            }
            if (p.clientsMissingChange() > 0) {
                violations.add(p.phase() + " phase: " + p.clientsMissingChange()
                        + " clients did not get the new version (200, new bytes) on their first request after the change");
            }
        }
        return violations;
    }
}
