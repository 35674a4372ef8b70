package dev.etaglab.gatling;

import dev.etaglab.lb.cluster.Balancer;
import dev.etaglab.lb.cluster.BalancingPolicy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Everything that decides one run (before or after), as types: parsed once where the run is requested and
 * carried across the process boundary into Gatling's JVM as {@code -Dexperiment.*} properties, which
 * {@link #fromProperties} turns back into the same types. {@code run-<name>.json} records it.
 *
 * @param run      {@code before} or {@code after}
 * @param etag     the replicas' ETag strategy (checked by the replicas, see {@code server.jar --help})
 * @param balancer what stands in front of the replicas
 * @param policy   lb.jar's balancing policy (nginx and HAProxy: their round-robin configs)
 * @param replicas how many replicas
 * @param fault    what the operator breaks in the revalidation phase
 * @param profile  load and timing, with the number of users
 * @param pacing   the client model
 * @param seed     the seed of every random draw of the client model
 */
public record RunSettings(String run, String etag, Balancer balancer, BalancingPolicy policy, int replicas,
                          Fault fault, ExperimentProfile profile, Pacing pacing, long seed) {

    public RunSettings {
        if (replicas < 1) {
            throw new IllegalArgumentException("a run needs at least one replica, not " + replicas);
        }
        if (fault == Fault.KILL_REPLICA && replicas <= Fault.VICTIM) {
            throw new IllegalArgumentException("--fault kill-replica kills replica-" + Fault.VICTIM + " and needs at least "
                    + (Fault.VICTIM + 1) + " replicas, not " + replicas);
        }
        if (fault == Fault.SCALE_OUT && balancer != Balancer.LB) {
            throw new IllegalArgumentException("--fault scale-out adds a replica through lb.jar's admin port; " + balancer
                    + " reads its replicas from its config at start");
        }
        if (balancer != Balancer.LB && policy != BalancingPolicy.ROUND_ROBIN) {
            throw new IllegalArgumentException(balancer + " runs its shipped round-robin config; policy '" + policy
                    + "' is for lb.jar");
        }
    }

    public PollSchedule schedule() {
        return new PollSchedule(pacing, profile.pollInterval(), seed);
    }

    /** The same settings for the other run of the pair. */
    public RunSettings as(String otherRun, String otherEtag) {
        return new RunSettings(otherRun, otherEtag, balancer, policy, replicas, fault, profile, pacing, seed);
    }

    public Map<String, String> toProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("experiment.run", run);
        p.put("experiment.etag", etag);
        p.put("experiment.balancer", balancer.label());
        p.put("experiment.policy", policy.label());
        p.put("experiment.replicas", Integer.toString(replicas));
        p.put("experiment.fault", fault.label());
        p.put("experiment.profile", profile.name());
        p.put("experiment.users", Integer.toString(profile.users()));
        p.put("experiment.pacing", pacing.label());
        p.put("experiment.seed", Long.toString(seed));
        return p;
    }

    /** The settings as the Maven plugin or {@link GatlingFork} passed them; what is absent takes its default. */
    public static RunSettings fromProperties(Properties p) {
        String run = p.getProperty("experiment.run", "after");
        ExperimentProfile profile = ExperimentProfile.named(p.getProperty("experiment.profile", "ci"));
        String users = p.getProperty("experiment.users", "");
        if (!users.isBlank()) {
            profile = profile.withUsers(Integer.parseInt(users.strip()));
        }
        return new RunSettings(run,
                p.getProperty("experiment.etag", run.equals("before") ? "mtime" : "sha256-cached"),
                Balancer.named(p.getProperty("experiment.balancer", "lb")),
                BalancingPolicy.named(p.getProperty("experiment.policy", "round-robin")),
                Integer.parseInt(p.getProperty("experiment.replicas", "3").strip()),
                Fault.named(p.getProperty("experiment.fault", "none")),
                profile,
                Pacing.named(p.getProperty("experiment.pacing", "jittered")),
                Long.parseLong(p.getProperty("experiment.seed", "1").strip()));
    }
}
