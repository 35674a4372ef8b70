package dev.etaglab.lb.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What to stand up: N replicas sharing one origin, and the load balancer in front.
 *
 * @param replicas     how many replica processes
 * @param etag         the replicas' ETag strategy
 * @param cacheControl the replicas' Cache-Control value
 * @param policy       the load balancer's balancing policy
 * @param deployDrift  replica i gets {@code i × deployDrift} of deploy drift (what breaks {@code mtime})
 * @param seedSize     size of the generated document, as the server's {@code --size} takes it
 * @param writeToken   bearer token for PUT on every replica
 * @param workDir      where origin, data directories, port files and logs go
 * @param serverJar    the replica's runnable jar
 * @param lbJar        the load balancer's runnable jar
 * @param lbArgs       extra load balancer options (rate limits, health-check interval...), for {@code lb.jar}
 * @param balancer     what stands in front of the replicas: {@code lb.jar}, nginx or HAProxy
 * @param startTimeout how long to wait for every process to be healthy
 */
public record ClusterSpec(int replicas, String etag, String cacheControl, BalancingPolicy policy, Duration deployDrift,
                          String seedSize, String writeToken, Path workDir, Path serverJar, Path lbJar,
                          List<String> lbArgs, Balancer balancer, Duration startTimeout) {

    public ClusterSpec {
        if (replicas < 1) {
            throw new IllegalArgumentException("a cluster needs at least one replica");
        }
        lbArgs = List.copyOf(lbArgs);
        if (balancer != Balancer.LB && !lbArgs.isEmpty()) {
            throw new IllegalArgumentException("load balancer options " + lbArgs + " are for lb.jar, not " + balancer);
        }
        if (balancer != Balancer.LB && policy != BalancingPolicy.ROUND_ROBIN) {
            // The shipped nginx and HAProxy configs balance round-robin, as lb.jar does by default.
            throw new IllegalArgumentException(balancer + " runs with its shipped round-robin config; policy '"
                    + policy + "' is for lb.jar");
        }
    }

    /** Defaults for a repository checkout: jars under their modules' target folders. */
    public static ClusterSpec defaults(Path repoRoot, Path workDir) {
        return new ClusterSpec(3, "sha256-cached", "no-cache", BalancingPolicy.ROUND_ROBIN, Duration.ofSeconds(2), "20KiB",
                "etag-lab-dev-token", workDir, repoRoot.resolve("server/target/server.jar"),
                repoRoot.resolve("lb/target/lb.jar"), List.of(), Balancer.LB, Duration.ofSeconds(60));
    }

    public ClusterSpec withEtag(String value) {
        return new ClusterSpec(replicas, value, cacheControl, policy, deployDrift, seedSize, writeToken, workDir,
                serverJar, lbJar, lbArgs, balancer, startTimeout);
    }

    public ClusterSpec withCacheControl(String value) {
        return new ClusterSpec(replicas, etag, value, policy, deployDrift, seedSize, writeToken, workDir,
                serverJar, lbJar, lbArgs, balancer, startTimeout);
    }

    public ClusterSpec withReplicas(int value) {
        return new ClusterSpec(value, etag, cacheControl, policy, deployDrift, seedSize, writeToken, workDir,
                serverJar, lbJar, lbArgs, balancer, startTimeout);
    }

    public ClusterSpec withPolicy(BalancingPolicy value) {
        return new ClusterSpec(replicas, etag, cacheControl, value, deployDrift, seedSize, writeToken, workDir,
                serverJar, lbJar, lbArgs, balancer, startTimeout);
    }

    public ClusterSpec withSeedSize(String value) {
        return new ClusterSpec(replicas, etag, cacheControl, policy, deployDrift, value, writeToken, workDir,
                serverJar, lbJar, lbArgs, balancer, startTimeout);
    }

    public ClusterSpec withLbArgs(List<String> value) {
        return new ClusterSpec(replicas, etag, cacheControl, policy, deployDrift, seedSize, writeToken, workDir,
                serverJar, lbJar, value, balancer, startTimeout);
    }

    public ClusterSpec withBalancer(Balancer value) {
        return new ClusterSpec(replicas, etag, cacheControl, policy, deployDrift, seedSize, writeToken, workDir,
                serverJar, lbJar, lbArgs, value, startTimeout);
    }
}
