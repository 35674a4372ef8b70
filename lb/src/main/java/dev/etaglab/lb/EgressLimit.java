package dev.etaglab.lb;

import java.util.Optional;

import io.github.bucket4j.Bucket;

/**
 * A budget of bytes sent to each client. The size of a response is only known once it is written, so a
 * request is admitted while the client's balance is positive and is charged afterwards with the exact bytes
 * written; a large response may push the balance below zero, and that debt is repaid by refill before the
 * next request is admitted. A 200 of 20 KiB costs 20 KiB plus headers; a 304 costs its headers only — the
 * bandwidth win of revalidation shows up as throttling avoided.
 */
final class EgressLimit {
    static final String NAME = "egress-bytes";

    private final ClientBuckets buckets;

    EgressLimit(LimitSpec spec) {
        this.buckets = new ClientBuckets(spec);
    }

    Optional<Rejection> admit(String client) {
        Bucket bucket = buckets.of(client);
        long balance = bucket.getAvailableTokens();
        if (balance > 0) {
            return Optional.empty();
        }
        return Optional.of(new Rejection(NAME, buckets.capacity(), 0,
                                         Rejection.ceilSeconds(bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill()),
                                         Rejection.ceilSeconds(bucket.estimateAbilityToConsume(buckets.capacity())
                                                                       .getNanosToWaitForRefill())));
    }

    void charge(String client, long bytesWritten) {
        buckets.of(client).consumeIgnoringRateLimits(bytesWritten);
    }
}
