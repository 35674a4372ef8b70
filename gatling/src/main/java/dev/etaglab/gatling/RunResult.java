package dev.etaglab.gatling;

import java.util.List;

/**
 * Everything one run (before or after) measured; written as JSON next to its Gatling report and read
 * back by the comparison.
 *
 * @param run                "before" or "after"
 * @param etag               the replicas' strategy
 * @param balancer           what balanced the replicas, with its version: {@code lb.jar}, {@code nginx/1.22.1}...
 * @param profile            the load and timing
 * @param phases             per-phase results (max-age, then revalidation)
 * @param changes            the content changes
 * @param timeline           per-second client counts
 * @param egressAgreement    bytes the clients received ÷ bytes the balancer wrote, over the measured run
 * @param kernelAgreement    the kernel's payload count ÷ the balancer's count (every status), over the measured run
 * @param contractMet        whether this run meets the 304 contract (≥ 99 %, no failures, every client got each change)
 * @param violations         why not, one sentence each
 * @param wireLog            the wire check output, relative to the results folder
 * @param clientLog          every network response per client (CSV), relative to the results folder
 * @param wireCheckConsistent whether the wire check found identical validators for identical content
 * @param faults             what the operator broke and when the cluster recovered (empty without {@code --fault})
 * @param resources          every JVM's open files, threads, RSS and heap after GC, start vs end (soak profile only)
 * @param settings           everything that decided the run (policy, replicas, client model, seed...)
 * @param model              what the 304 rate for unchanged content should be, and why
 * @param disruptions        what each disruption of the fault (a kill, a scale-out, one replica's redeploy) cost
 */
public record RunResult(String run, String etag, String balancer, ExperimentProfile profile, List<PhaseResult> phases,
                        List<ContentChange> changes, List<Second> timeline, double egressAgreement, double kernelAgreement,
                        boolean contractMet, List<String> violations, String wireLog, String clientLog,
                        boolean wireCheckConsistent, List<FaultEvent> faults, List<ProcessResources> resources,
                        RunSettings settings, RevalidationModel model, List<DisruptionImpact> disruptions) {

    /**
     * What the clients paid for one disruption, from its start to the next one (or to the content change).
     *
     * @param what              the disruption
     * @param startMillis       when it started (epoch)
     * @param endMillis         end of its window (epoch)
     * @param refetches         full 200s resending bytes the client already held
     * @param clientsRefetching clients with at least one such 200
     * @param rehomings         responses in which the balancer placed a client anew (a Set-Cookie after the client's
     *                          first response): every move a sticky policy made, away and back
     * @param clientsRehomed    clients with at least one such response
     */
    public record DisruptionImpact(String what, long startMillis, long endMillis, long refetches,
                                   long clientsRefetching, long rehomings, long clientsRehomed) {
    }

    /**
     * One phase, measured at both ends.
     *
     * @param polls                       times a client wanted the resource
     * @param requestsSent                polls that reached the network (the rest Gatling's cache answered)
     * @param skipped                     polls answered from the client cache while fresh
     * @param ok200                       200 responses
     * @param notModified304              304 responses
     * @param unchangedRevalidations      conditional requests made while the content had not changed
     * @param unchangedAnswered304        ... of which answered 304
     * @param rate304Unchanged            their ratio: the contract
     * @param lbEgressBytes               bytes the balancer wrote for 200 and 304 responses (exact, /metrics)
     * @param clientWireBytes             the same, summed by the clients from what they received
     * @param egressAgreement             clientWireBytes / lbEgressBytes
     * @param bytesPerPoll                lbEgressBytes / polls
     * @param secondsUntilEveryClientSawChange from the PUT's acknowledgement to the last client's first 200 of the new version
     * @param clientsMissingChange        clients whose first request after the change was not that 200
     * @param transportFailures           requests that failed without a response (0 in a healthy run)
     * @param errorResponses              responses other than 200 and 304 (a 502 when a replica died, say)
     * @param kernelPayloadBytes          TCP payload the balancer's client sockets carried out, from the kernel
     *                                    ({@code ss}: bytes acknowledged, corrected by the send queue)
     * @param kernelHeaderBytes           IP and TCP headers of those segments, kept apart from the payload
     * @param kernelSocketsClosed         client sockets that closed inside the phase (their last counts are lost)
     * @param lbAllEgressBytes            bytes the balancer counted for every status, the figure the kernel's
     *                                    payload is held against (the operator's PUT answers are in both)
     */
    public record PhaseResult(String phase, long polls, long requestsSent, long skipped, long ok200,
                              long notModified304, long unchangedRevalidations, long unchangedAnswered304,
                              double rate304Unchanged, long lbResponses, long lbEgressBytes, long clientWireBytes,
                              double egressAgreement, double bytesPerPoll, double secondsUntilEveryClientSawChange,
                              int clientsMissingChange, long transportFailures, long errorResponses,
                              long kernelPayloadBytes, long kernelHeaderBytes, long kernelSocketsClosed,
                              long lbAllEgressBytes) {
    }

    /** Client activity in one second of the run (seconds since the run started). */
    public record Second(long second, long polls, long ok200, long notModified304, long wireBytes) {
    }
}
