package dev.etaglab.lb;

import java.io.PrintWriter;
import java.io.StringWriter;
import dev.etaglab.support.web.ListenerLimits;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

class MainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void helpListsEveryOptionWithItsDefault() {
        int exitCode = run("--help");

        assertThat(exitCode, is(0));
        for (String option : List.of("--host", "--port", "--admin-port", "--backend", "--policy", "--health-path",
                                     "--health-interval", "--connect-timeout", "--backend-timeout", "--rate-limit",
                                     "--egress-limit", "--client-header", "--max-body", "--header-timeout",
                                     "--idle-timeout", "--body-timeout", "--body-min-rate", "--help")) {
            assertThat(out.toString(), containsString(option));
        }
        assertThat(out.toString(), containsString("Default: round-robin"));
        assertThat(out.toString(), containsString("Default: 500ms"));
    }

    @Test
    void badOptionIsOneErrorLineAndExitCode2() {
        int exitCode = run("--backend", "http://127.0.0.1:1", "--policy", "fastest");

        assertThat(exitCode, is(2));
        assertThat(err.toString(), startsWith("lb: "));
        assertThat(err.toString(), containsString("unknown policy 'fastest'"));
        assertThat(err.toString().lines().count(), is(1L));
    }

    @Test
    void unknownPolicyErrorListsEveryValidName() {
        run("--backend", "http://127.0.0.1:1", "--policy", "fastest");

        assertThat(err.toString(), containsString("expected one of round-robin, random, least-in-flight, sticky"));
    }

    @Test
    void stickyIsAPolicyThatReadsTheClientsAffinity() {
        LbConfig config = Main.parse("--backend", "http://127.0.0.1:8081", "--policy", "sticky");

        assertThat(config.policy(), is(PolicyName.STICKY));
        assertThat(config.policy().readsClientAffinity(), is(true));
    }

    @Test
    void noOtherPolicyReadsTheClientsAffinity() {
        for (PolicyName policy : PolicyName.values()) {
            assertThat(policy.toString(), policy.readsClientAffinity(), is(policy == PolicyName.STICKY));
        }
    }

    @Test
    void bodyMinRateBeyondTheLimitNamesTheOption() {
        assertThat(run("--backend", "http://127.0.0.1:1", "--body-min-rate", "2GiB"), is(2));
        assertThat(err.toString(), containsString("--body-min-rate must be between 0 and 1000000000 bytes/s"));
        assertThat(err.toString().lines().count(), is(1L));
    }

    @Test
    void backendWithAPathIsRejected() {
        assertThat(run("--backend", "http://127.0.0.1:1/api"), is(2));
        assertThat(err.toString(), containsString("must not have a path"));
    }

    @Test
    void defaultsAreRoundRobinWithLimitsOff() {
        LbConfig config = Main.parse("--backend", "http://127.0.0.1:8081", "--backend", "http://127.0.0.1:8082/");

        assertThat(config.policy(), is(PolicyName.ROUND_ROBIN));
        assertThat(config.backends().getLast().toString(), is("http://127.0.0.1:8082"));
        assertThat(config.healthPath(), is("/health"));
        assertThat(config.healthInterval(), is(Duration.ofMillis(500)));
        assertThat(config.requestLimit(), is(Optional.empty()));
        assertThat(config.egressLimit(), is(Optional.empty()));
        assertThat(config.clientHeader(), is(Optional.empty()));
        assertThat(config.maxBody(), is(8L * 1024 * 1024));
        assertThat(config.limits(), is(ListenerLimits.DEFAULTS));
    }

    @Test
    void bodyDeadlineOptionsReachTheListenerLimits() {
        LbConfig config = Main.parse("--backend", "http://127.0.0.1:8081", "--body-timeout", "5s",
                                     "--body-min-rate", "1KiB");

        assertThat(config.limits().bodyTimeout(), is(Duration.ofSeconds(5)));
        assertThat(config.limits().bodyMinRate(), is(1024L));
    }

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }
}
