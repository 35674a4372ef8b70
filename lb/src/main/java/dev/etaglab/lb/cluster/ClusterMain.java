package dev.etaglab.lb.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./lab cluster up|down}: three replicas and the load balancer, one command.
 *
 * <pre>
 *   ./lab cluster up --etag mtime          # foreground; Ctrl-C stops everything
 *   ./lab cluster down                     # from another shell
 * </pre>
 */
@Command(name = "cluster", mixinStandardHelpOptions = true, version = "etag-lab cluster 0.1",
        description = "Stand up N replicas (separate JVMs sharing one origin) behind the etag-lab load balancer.",
        subcommands = {ClusterMain.Up.class, ClusterMain.Down.class})
public final class ClusterMain {

    static final String PID_FILE = "cluster.pids";

    public static void main(String[] args) {
        System.exit(new CommandLine(new ClusterMain()).execute(args));
    }

    @Command(name = "up", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Start the cluster in the foreground, print its URLs, and stop it all on Ctrl-C or 'down'.")
    static final class Up implements Callable<Integer> {

        @Option(names = "--replicas", defaultValue = "3", description = "Number of replicas (default: ${DEFAULT-VALUE}).")
        int replicas;

        @Option(names = "--etag", defaultValue = "sha256-cached", paramLabel = "NAME",
                description = "Replicas' ETag strategy (default: ${DEFAULT-VALUE}; see server.jar --help).")
        String etag;

        @Option(names = "--cache-control", defaultValue = "no-cache", paramLabel = "VALUE",
                description = "Replicas' Cache-Control (default: ${DEFAULT-VALUE}).")
        String cacheControl;

        @Option(names = "--policy", defaultValue = "round-robin", paramLabel = "NAME",
                description = "Balancing policy: round-robin, random, least-in-flight, sticky (default: ${DEFAULT-VALUE}).")
        String policy;

        @Option(names = "--balancer", defaultValue = "lb", paramLabel = "NAME",
                description = "What balances: lb (lb.jar), nginx or haproxy (Debian packages, configs shipped "
                        + "in lb.jar) (default: ${DEFAULT-VALUE}).")
        String balancer;

        @Option(names = "--deploy-drift", defaultValue = "2", paramLabel = "SECONDS",
                description = "Replica i's local copy lands i × SECONDS late, which breaks the mtime strategy "
                        + "(default: ${DEFAULT-VALUE}).")
        double deployDrift;

        @Option(names = "--size", defaultValue = "20KiB", paramLabel = "BYTES",
                description = "Size of the generated document (default: ${DEFAULT-VALUE}).")
        String size;

        @Option(names = "--work-dir", defaultValue = "etaglab-data/cluster", paramLabel = "DIR",
                description = "Origin, data directories, logs and pid file (default: ${DEFAULT-VALUE}).")
        Path workDir;

        @Option(names = "--fresh", description = "Delete the work directory's origin and data first.")
        boolean fresh;

        @Option(names = "--server-jar", defaultValue = "server/target/server.jar", paramLabel = "JAR",
                description = "Replica jar (default: ${DEFAULT-VALUE}).")
        Path serverJar;

        @Option(names = "--lb-jar", defaultValue = "lb/target/lb.jar", paramLabel = "JAR",
                description = "Load balancer jar (default: ${DEFAULT-VALUE}).")
        Path lbJar;

        @Option(names = "--lb-arg", paramLabel = "ARG",
                description = "Extra option for the load balancer, repeatable, e.g. --lb-arg=--rate-limit=100/1s.")
        List<String> lbArgs = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            if (fresh) {
                deleteRecursively(workDir);
            }
            String token = Optional.ofNullable(System.getenv("ETAGLAB_TOKEN")).orElse("etag-lab-dev-token");
            var spec = new ClusterSpec(replicas, etag, cacheControl, policy,
                    Duration.ofMillis(Math.round(deployDrift * 1000)), size, token, workDir, serverJar, lbJar,
                    lbArgs, Balancer.named(balancer), Duration.ofSeconds(60));
            CountDownLatch stopped = new CountDownLatch(1);
            try (RunningCluster cluster = Cluster.start(spec, System.out)) {
                Files.writeString(workDir.resolve(PID_FILE), cluster.pids().stream().map(ClusterMain::pidLine)
                        .collect(Collectors.joining("\n")) + "\n", StandardCharsets.US_ASCII);
                System.out.println();
                System.out.println("load balancer: " + cluster.lbUri() + "/resource");
                if (cluster.accessLog().isPresent()) {
                    System.out.println("access log:    " + cluster.accessLog().get() + "  (" + cluster.balancerVersion()
                            + "; status and egress bytes per response)");
                } else {
                    System.out.println("metrics:       " + cluster.adminUri() + "/metrics");
                    System.out.println("dashboard:     " + cluster.adminUri() + "/dashboard");
                }
                for (int i = 0; i < cluster.replicaUris().size(); i++) {
                    System.out.println("replica-" + i + ":     " + cluster.replicaUris().get(i) + "/resource");
                }
                System.out.println("writes:        Authorization: Bearer " + (System.getenv("ETAGLAB_TOKEN") == null
                        ? token + "  (set ETAGLAB_TOKEN to choose one)" : "$ETAGLAB_TOKEN"));
                System.out.println("logs:          " + workDir + "/*.log");
                System.out.println("Ctrl-C (or ./lab cluster down) stops everything.");
                Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(stopped::countDown));
                stopped.await();
            }
            return 0;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true,
            description = "Stop a cluster started with 'up' (from any shell), and make sure nothing is left.")
    static final class Down implements Callable<Integer> {

        @Option(names = "--work-dir", defaultValue = "etaglab-data/cluster", paramLabel = "DIR",
                description = "The work directory given to 'up' (default: ${DEFAULT-VALUE}).")
        Path workDir;

        @Override
        public Integer call() throws IOException, InterruptedException {
            Path pidFile = workDir.resolve(PID_FILE);
            if (!Files.exists(pidFile)) {
                System.out.println("no cluster recorded in " + workDir + " (nothing to stop)");
                return 0;
            }
            List<ProcessHandle> processes = Files.readAllLines(pidFile).stream()
                    .filter(line -> !line.isBlank())
                    .map(ClusterMain::sameProcess)
                    .flatMap(Optional::stream)
                    .toList();
            // The launcher first: its shutdown hook stops the children in order.
            processes.stream().findFirst().ifPresent(ProcessHandle::destroy);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (processes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            processes.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            Files.deleteIfExists(pidFile);
            System.out.println("cluster in " + workDir + " stopped (" + processes.size() + " processes)");
            return 0;
        }
    }

    /* "pid start-time": a recycled pid must never get a stranger killed. */
    static String pidLine(long pid) {
        return pid + " " + ProcessHandle.of(pid).flatMap(h -> h.info().startInstant())
                .map(t -> Long.toString(t.toEpochMilli())).orElse("-");
    }

    static Optional<ProcessHandle> sameProcess(String line) {
        String[] parts = line.strip().split("\\s+");
        return ProcessHandle.of(Long.parseLong(parts[0]))
                .filter(h -> parts.length > 1 && h.info().startInstant()
                        .map(t -> Long.toString(t.toEpochMilli()).equals(parts[1])).orElse(false));
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
