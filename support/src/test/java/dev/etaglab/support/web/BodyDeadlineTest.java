package dev.etaglab.support.web;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The waiting allowance of mod_reqtimeout's rule: the timeout, plus one second per minRate bytes received. */
class BodyDeadlineTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void nothingReceivedMeansTheBareTimeout() {
        assertThat(new BodyDeadline(Duration.ofSeconds(20), 500).allowedWaitNanos(0), is(20 * SECOND));
    }

    @Test
    void everyMinRateBytesEarnOneMoreSecond() {
        BodyDeadline deadline = new BodyDeadline(Duration.ofSeconds(20), 500);

        assertThat(deadline.allowedWaitNanos(500), is(21 * SECOND));
        assertThat(deadline.allowedWaitNanos(1250), is(22 * SECOND + SECOND / 2));
        assertThat(deadline.allowedWaitNanos(1), is(20 * SECOND + SECOND / 500));
    }

    @Test
    void aMinRateOfZeroNeverExtendsTheTimeout() {
        assertThat(new BodyDeadline(Duration.ofSeconds(3), 0).allowedWaitNanos(1_000_000), is(3 * SECOND));
    }

    @Test
    void anAllowancePastLongMaxValueSaturatesInsteadOfWrappingNegative() {
        // A wrapped (negative) allowance would time out every body at once.
        BodyDeadline deadline = new BodyDeadline(Duration.ofNanos(Long.MAX_VALUE - SECOND), 1);

        assertThat(deadline.allowedWaitNanos(Long.MAX_VALUE), is(Long.MAX_VALUE));
    }

    @Test
    void limitsRejectANonPositiveBodyTimeoutAndAnOutOfRangeRateNamingTheOption() {
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> ListenerLimits.DEFAULTS.withBodyTimeout(Duration.ZERO)).getMessage(),
                is("--body-timeout must be positive"));
        assertThat(assertThrows(IllegalArgumentException.class,
                () -> ListenerLimits.DEFAULTS.withBodyMinRate(-1)).getMessage(),
                is("--body-min-rate must be between 0 and 1000000000 bytes/s"));
        assertThrows(IllegalArgumentException.class,
                () -> ListenerLimits.DEFAULTS.withBodyMinRate(ListenerLimits.MAX_BODY_MIN_RATE + 1));
    }
}
