package dev.etaglab.lb.wirecheck;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import dev.etaglab.lb.wirecheck.WireCheck.Observation;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireCheckJudgeTest {

    private static final String LM = "Wed, 25 Nov 2026 12:00:00 GMT";

    @Test
    void identicalContentWithOneTagPasses() {
        var verdict = WireCheck.judge(List.of(obs("replica-0", "\"a\"", LM, "c1"), obs("replica-1", "\"a\"", LM, "c1")));
        assertThat(verdict.consistent(), is(true));
    }

    @Test
    void identicalContentWithDifferentTagsFails() {
        var verdict = WireCheck.judge(List.of(obs("replica-0", "\"a\"", LM, "c1"), obs("replica-1", "\"b\"", LM, "c1")));
        assertThat(verdict.consistent(), is(false));
        assertThat(verdict.problems(), hasSize(1));
        assertThat(verdict.problems().getFirst(), containsString("2 different ETags"));
    }

    @Test
    void identicalContentWithDifferentLastModifiedFails() {
        var verdict = WireCheck.judge(List.of(obs("replica-0", "\"a\"", LM, "c1"),
                obs("replica-1", "\"a\"", "Wed, 25 Nov 2026 12:00:02 GMT", "c1")));
        assertThat(verdict.consistent(), is(false));
        assertThat(verdict.problems().getFirst(), containsString("Last-Modified"));
    }

    @Test
    void differentContentMayHaveDifferentTags() {
        // A replica that has not synced a new version yet is lagging, not inconsistent.
        var verdict = WireCheck.judge(List.of(obs("replica-0", "\"a\"", LM, "c1"), obs("replica-1", "\"b\"", LM, "c2")));
        assertThat(verdict.consistent(), is(true));
    }

    private static Observation obs(String replica, String etag, String lastModified, String content) {
        return new Observation(replica, "identity", 200, etag, lastModified, "identity", 100,
                content + "0123456789abcdef");
    }
}
