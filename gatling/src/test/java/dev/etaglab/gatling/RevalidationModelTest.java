package dev.etaglab.gatling;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.etaglab.lb.cluster.Balancer;
import dev.etaglab.lb.cluster.BalancingPolicy;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** What the 304 rate should be, per front, replica count and client model. */
class RevalidationModelTest {

    private static RunSettings settings(Balancer balancer, BalancingPolicy policy, int replicas, Pacing pacing, int users) {
        return new RunSettings("before", "mtime", balancer, policy, replicas, Fault.NONE,
                ExperimentProfile.named("ci").withUsers(users), pacing, 1);
    }

    @Test
    void agreeingValidatorsMakeEveryRevalidationA304() {
        var s = settings(Balancer.LB, BalancingPolicy.RANDOM, 8, Pacing.JITTERED, 20);
        assertThat(RevalidationModel.of(s, true).expected(), is(1.0));
    }

    @Test
    void nodeLocalTagsBehindAnIndependentChoiceMatchOneTimeInN() {
        for (int n : new int[] {2, 3, 4, 6, 8}) {
            for (BalancingPolicy p : new BalancingPolicy[] {BalancingPolicy.ROUND_ROBIN, BalancingPolicy.RANDOM,
                    BalancingPolicy.LEAST_IN_FLIGHT}) {
                assertThat(RevalidationModel.of(settings(Balancer.LB, p, n, Pacing.JITTERED, 20), false).expected(),
                        closeTo(1.0 / n, 1e-12));
            }
            assertThat(RevalidationModel.of(settings(Balancer.NGINX, BalancingPolicy.ROUND_ROBIN, n, Pacing.JITTERED,
                    20), false).expected(), closeTo(1.0 / n, 1e-12));
        }
    }

    @Test
    void oneReplicaOrStickinessAlwaysReachesTheTagsMinter() {
        assertThat(RevalidationModel.of(settings(Balancer.LB, BalancingPolicy.RANDOM, 1, Pacing.JITTERED, 20), false)
                .expected(), is(1.0));
        assertThat(RevalidationModel.of(settings(Balancer.LB, BalancingPolicy.STICKY, 6, Pacing.JITTERED, 20), false)
                .expected(), is(1.0));
    }

    @Test
    void lockstepRoundRobinAliasesOnUsersModReplicas() {
        assertThat(RevalidationModel.of(settings(Balancer.LB, BalancingPolicy.ROUND_ROBIN, 3, Pacing.LOCKSTEP, 99),
                false).expected(), is(1.0));
        assertThat(RevalidationModel.of(settings(Balancer.LB, BalancingPolicy.ROUND_ROBIN, 3, Pacing.LOCKSTEP, 200),
                false).expected(), is(0.0));
        assertThat(Double.isNaN(RevalidationModel.of(settings(Balancer.HAPROXY, BalancingPolicy.ROUND_ROBIN, 3,
                Pacing.LOCKSTEP, 200), false).expected()), is(true));
    }

    @Test
    void agreementIsWithinFivePoints() {
        var model = new RevalidationModel(1.0 / 3, "test");
        assertThat(model.agrees(0.38), is(true));
        assertThat(model.agrees(0.39), is(false));
        assertThat(model.agrees(0.29), is(true));
        assertThat(model.agrees(0.28), is(false));
    }

    @Test
    void settingsCrossTheProcessBoundaryUnchanged() {
        var s = new RunSettings("before", "inode", Balancer.LB, BalancingPolicy.STICKY, 6, Fault.KILL_REPLICA,
                ExperimentProfile.named("matrix").withUsers(201), Pacing.LOCKSTEP, 42);
        Properties p = new Properties();
        p.putAll(s.toProperties());
        assertThat(RunSettings.fromProperties(p), is(s));
    }

    @Test
    void externalBalancersRefuseLbPolicies() {
        var e = assertThrows(IllegalArgumentException.class, () -> settings(Balancer.NGINX, BalancingPolicy.STICKY, 3,
                Pacing.JITTERED, 20));
        assertThat(e.getMessage(), is("nginx runs its shipped round-robin config; policy 'sticky' is for lb.jar"));
    }
}
