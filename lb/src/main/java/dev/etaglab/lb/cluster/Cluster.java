package dev.etaglab.lb.cluster;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Stands up N replicas as separate JVMs (so inode, mtime and process state really differ), each with
 * its own port and data directory, all sharing one origin, plus the load balancer in front; waits until
 * every process is healthy. Used from the command line ({@link ClusterMain}), by integration tests and
 * by the Gatling experiment.
 *
 * <pre>
 *   try (RunningCluster cluster = Cluster.start(ClusterSpec.defaults(root, work).withEtag("mtime"), System.out)) {
 *       cluster.lbUri();   // http://127.0.0.1:PORT
 *   }                      // every process stopped, none left behind
 * </pre>
 */
public final class Cluster {

    static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private Cluster() {
    }

    /** Starts everything or nothing: on any failure, what was started is stopped again. */
    public static RunningCluster start(ClusterSpec spec, PrintStream progress) throws IOException, InterruptedException {
        requireFile(spec.serverJar(), "./lab mvn -pl server package -DskipTests");
        if (spec.balancer() == Balancer.LB) {
            requireFile(spec.lbJar(), "./lab mvn -pl lb -am package -DskipTests");
        } else {
            ExternalBalancer.executable(spec.balancer()); // before any JVM starts: "not installed" fails fast
        }
        Files.createDirectories(spec.workDir());
        Path origin = spec.workDir().resolve("origin");
        RunningCluster cluster = new RunningCluster(spec, origin, progress);
        try {
            for (int i = 0; i < spec.replicas(); i++) {
                cluster.startReplica(i, 0);
            }
            for (int i = 0; i < spec.replicas(); i++) {
                cluster.awaitReplica(i);
            }
            cluster.startLoadBalancer();
            progress.printf(Locale.ROOT, "cluster up: %d × %s replicas behind %s on %s (%s)%n", spec.replicas(),
                    spec.etag(), cluster.balancerVersion(), cluster.lbUri(), spec.policy());
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    static void requireFile(Path file, String buildCommand) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " does not exist; build it with: " + buildCommand);
        }
    }

    /** Waits for {@code GET url} to answer 200, failing early if the process died. */
    static void awaitHealthy(URI url, ManagedProcess process, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(process + " exited during start-up; its log ends with:\n"
                        + process.logTail());
            }
            try {
                HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2))
                        .GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(process + " was not healthy at " + url + " within " + timeout
                + "; its log ends with:\n" + process.logTail());
    }

    /** Reads a port file written whole (temp + rename) by a child, waiting for it to appear. */
    static List<Integer> awaitPorts(Path file, ManagedProcess process, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(file)) {
                try {
                    List<Integer> ports = new ArrayList<>();
                    for (String token : Files.readString(file).strip().split("\\s+")) {
                        ports.add(Integer.parseInt(token));
                    }
                    return ports;
                } catch (IOException | NumberFormatException e) {
                    // written by rename, so this is a race with a stale file; try again
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(process + " exited during start-up; its log ends with:\n"
                        + process.logTail());
            }
            Thread.sleep(25);
        }
        throw new IllegalStateException(process + " did not report its port within " + timeout);
    }

    static Map<String, String> replicaEnvironment(ClusterSpec spec) {
        return Map.of("ETAGLAB_TOKEN", spec.writeToken());
    }
}
