package dev.etaglab.lb;

import java.util.Optional;

import io.github.bucket4j.ConsumptionProbe;

/** Each request costs one token of its client's bucket; a request that finds the bucket empty is refused. */
final class RequestLimit {
    static final String NAME = "requests";

    private final ClientBuckets buckets;

    RequestLimit(LimitSpec spec) {
        this.buckets = new ClientBuckets(spec);
    }

    Optional<Rejection> admit(String client) {
        ConsumptionProbe probe = buckets.of(client).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return Optional.empty();
        }
        return Optional.of(new Rejection(NAME, buckets.capacity(), probe.getRemainingTokens(),
                                         Rejection.ceilSeconds(probe.getNanosToWaitForRefill()),
                                         Rejection.ceilSeconds(probe.getNanosToWaitForReset())));
    }
}
