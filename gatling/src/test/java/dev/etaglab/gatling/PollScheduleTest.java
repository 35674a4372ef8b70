package dev.etaglab.gatling;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.both;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The client model: what is drawn, within which bounds, and that a seed fixes it. */
class PollScheduleTest {

    private static final Duration MEAN = Duration.ofSeconds(1);
    private static final PollSchedule JITTERED = new PollSchedule(Pacing.JITTERED, MEAN, 7);

    @Test
    void lockstepPollsAtTheMeanFromArrival() {
        var lockstep = new PollSchedule(Pacing.LOCKSTEP, MEAN, 7);
        assertThat(lockstep.firstDelay(3), is(Duration.ZERO));
        for (long k = 0; k < 100; k++) {
            assertThat(lockstep.interval(3, k), is(MEAN));
        }
    }

    @Test
    void jitteredIntervalsStayWithinHalfTheMeanAndKeepTheMean() {
        double sum = 0;
        int n = 0;
        for (long user = 1; user <= 200; user++) {
            for (long k = 0; k < 100; k++) {
                long ms = JITTERED.interval(user, k).toMillis();
                assertThat(ms, both(greaterThanOrEqualTo(500L)).and(lessThan(1501L)));
                sum += ms;
                n++;
            }
        }
        // 20,000 uniform draws on [500, 1500]: standard error of the mean 2 ms.
        assertThat(sum / n, closeTo(1000, 10));
    }

    @Test
    void firstDelaysSpreadUsersOverOneInterval() {
        int[] tenths = new int[10];
        for (long user = 1; user <= 10_000; user++) {
            long ms = JITTERED.firstDelay(user).toMillis();
            assertThat(ms, both(greaterThanOrEqualTo(0L)).and(lessThan(1001L)));
            tenths[(int) Math.min(9, ms / 100)]++;
        }
        for (int count : tenths) {
            assertThat((double) count, closeTo(1000, 150));
        }
    }

    @Test
    void aSeedFixesTheScheduleAndAnotherSeedChangesIt() {
        var again = new PollSchedule(Pacing.JITTERED, MEAN, 7);
        var other = new PollSchedule(Pacing.JITTERED, MEAN, 8);
        int differ = 0;
        for (long k = 0; k < 50; k++) {
            assertThat(again.interval(5, k), is(JITTERED.interval(5, k)));
            if (!other.interval(5, k).equals(JITTERED.interval(5, k))) {
                differ++;
            }
        }
        assertThat(differ, is(50));
        assertThat(other.firstDelay(5), not(JITTERED.firstDelay(5)));
    }

    @Test
    void neighbouringSeedsAreNotShiftedCopiesOfEachOther() {
        // XOR-ing a raw seed into the (user, index) key would make seed 2 at index k repeat seed 1 at index k ^ 3,
        // at most three polls away: no draw of seed 2 may equal a draw of seed 1 within that distance.
        var one = new PollSchedule(Pacing.JITTERED, MEAN, 1);
        var two = new PollSchedule(Pacing.JITTERED, MEAN, 2);
        for (long k = 3; k < 40; k++) {
            for (long shift = -3; shift <= 3; shift++) {
                assertThat(two.interval(1, k), not(one.interval(1, k + shift)));
            }
        }
    }
}
