package dev.etaglab.gatling;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The interval of a cell: Student's t over the per-run rates. */
class MatrixReportTest {

    @Test
    void threeRunsGiveATIntervalWithTwoDegreesOfFreedom() {
        var e = MatrixReport.Estimate.of(List.of(0.30, 0.33, 0.36));
        assertThat(e.mean(), closeTo(0.33, 1e-12));
        // s = 0.03, t(0.975; 2) = 4.3027: half-width 4.3027 × 0.03 / √3.
        assertThat(e.half(), closeTo(4.302653 * 0.03 / Math.sqrt(3), 1e-6));
        assertThat(e.min(), is(0.30));
    }

    @Test
    void oneRunHasNoInterval() {
        var e = MatrixReport.Estimate.of(List.of(0.5));
        assertThat(e.half(), is(0.0));
        assertThat(e.percent(), is("50.0 %"));
    }
}
