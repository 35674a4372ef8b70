package dev.etaglab.lb;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.bucket4j.TimeMeter;
import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.sameInstance;

class ClientBucketsTest {
    private final FakeClock clock = new FakeClock();

    @Test
    void bucketsThatRefilledAreDroppedSoIdleClientsDoNotAccumulate() {
        ClientBuckets buckets = new ClientBuckets(new LimitSpec(2, Duration.ofSeconds(1)), 8, clock);
        for (int i = 0; i < 8; i++) {
            buckets.of("client-" + i).tryConsume(1);
        }
        clock.advance(Duration.ofSeconds(1));

        buckets.of("newcomer");

        assertThat(buckets.size(), is(1));
    }

    @Test
    void aClientStillRefillingKeepsItsBucketAndItsDebt() {
        ClientBuckets buckets = new ClientBuckets(new LimitSpec(10, Duration.ofSeconds(10)), 2, clock);
        buckets.of("drained").tryConsume(10);
        buckets.of("polite").tryConsume(1);
        clock.advance(Duration.ofSeconds(1));

        buckets.of("newcomer");

        assertThat(buckets.size(), is(2));
        assertThat(buckets.of("drained").getAvailableTokens(), is(1L));
    }

    @Test
    void atTheCapNewClientsShareOneBucketInsteadOfGettingUnlimitedOnes() {
        ClientBuckets buckets = new ClientBuckets(new LimitSpec(1, Duration.ofHours(1)), 4, clock);
        for (int i = 0; i < 4; i++) {
            buckets.of("client-" + i).tryConsume(1);
        }

        assertThat(buckets.of("flood-1").tryConsume(1), is(true));
        assertThat(buckets.of("flood-2").tryConsume(1), is(false));
        assertThat(buckets.of("flood-2"), sameInstance(buckets.of("flood-1")));
        assertThat(buckets.of("client-0"), not(sameInstance(buckets.of("flood-1"))));
        assertThat(buckets.size(), is(4));
    }

    private static final class FakeClock implements TimeMeter {
        private long nanos = TimeUnit.DAYS.toNanos(1);

        void advance(Duration duration) {
            nanos += duration.toNanos();
        }

        @Override
        public long currentTimeNanos() {
            return nanos;
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    }
}
