package dev.etaglab.lb;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LimitSpecTest {
    @Test
    void requestLimitIsACountPerPeriod() {
        assertThat(LimitSpec.requests("100/1s"), is(new LimitSpec(100, Duration.ofSeconds(1))));
        assertThat(LimitSpec.requests("6000/m"), is(new LimitSpec(6000, Duration.ofMinutes(1))));
    }

    @Test
    void requestLimitRejectsAByteUnit() {
        assertThrows(IllegalArgumentException.class, () -> LimitSpec.requests("5MiB/1s"));
    }

    @Test
    void byteLimitUnderstandsIecUnits() {
        assertThat(LimitSpec.bytes("1MiB/1s"), is(new LimitSpec(1_048_576, Duration.ofSeconds(1))));
        assertThat(LimitSpec.bytes("512KiB/500ms"), is(new LimitSpec(524_288, Duration.ofMillis(500))));
        assertThat(LimitSpec.bytes("20000/1s"), is(new LimitSpec(20_000, Duration.ofSeconds(1))));
        assertThat(LimitSpec.bytes("2GiB/1h"), is(new LimitSpec(2L << 30, Duration.ofHours(1))));
    }

    @Test
    void byteLimitRejectsDecimalUnits() {
        assertThrows(IllegalArgumentException.class, () -> LimitSpec.bytes("1MB/1s"));
    }

    @Test
    void zeroAmountOrPeriodIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> LimitSpec.requests("0/1s"));
        assertThrows(IllegalArgumentException.class, () -> LimitSpec.requests("10/0s"));
    }

    @Test
    void malformedSpecIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> LimitSpec.requests("100 per second"));
        assertThrows(IllegalArgumentException.class, () -> LimitSpec.requests("100/1d"));
    }

    @Test
    void durationTakesMillisecondsToHours() {
        assertThat(LimitSpec.duration("500ms"), is(Duration.ofMillis(500)));
        assertThat(LimitSpec.duration("2s"), is(Duration.ofSeconds(2)));
        assertThat(LimitSpec.duration("1h"), is(Duration.ofHours(1)));
        assertThrows(IllegalArgumentException.class, () -> LimitSpec.duration("0ms"));
        assertThrows(IllegalArgumentException.class, () -> LimitSpec.duration("PT1S"));
    }
}
