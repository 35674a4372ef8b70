package dev.etaglab.gatling;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.api.Test;

class LbMetricsTest {

    private static final String BEFORE = """
            # HELP lb_responses_total Responses sent to clients.
            # TYPE lb_responses_total counter
            lb_responses_total{backend="127.0.0.1:1",code="200"} 10.0
            lb_responses_total{backend="127.0.0.1:2",code="200"} 5.0
            lb_responses_total{backend="127.0.0.1:1",code="304"} 7.0
            lb_egress_bytes_total{backend="127.0.0.1:1",code="200"} 1000.0
            lb_egress_bytes_total{backend="127.0.0.1:2",code="304"} 2.5e2
            lb_requests_total 22.0
            """;

    @Test
    void sumsCountersByStatusCodeOverBackends() {
        LbMetrics m = LbMetrics.parse(0, BEFORE);
        assertThat(m.responses().get("200"), is(15L));
        assertThat(m.responses().get("304"), is(7L));
        assertThat(m.egressBytes().get("304"), is(250L));
    }

    @Test
    void deltasCountOnlyTheRequestedCodes() {
        LbMetrics before = LbMetrics.parse(0, BEFORE);
        LbMetrics after = LbMetrics.parse(1, BEFORE.replace("} 7.0", "} 9.0")
                + "lb_responses_total{backend=\"none\",code=\"412\"} 3.0\n");
        assertThat(after.responsesSince(before, "200", "304"), is(2L));
        assertThat(after.responsesSince(before, "412"), is(3L));
    }
}
