package dev.etaglab.lb.cluster;

import dev.etaglab.support.Directories;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A started cluster. Closing it stops the load balancer, then every replica, and waits for them. */
public final class RunningCluster implements AutoCloseable {

    private final ClusterSpec spec;
    private final Path origin;
    private final PrintStream progress;
    private final List<ManagedProcess> replicas = new ArrayList<>();
    private final List<Integer> replicaPorts = new ArrayList<>();
    private final List<Integer> replicaAdminPorts = new ArrayList<>();
    private final Thread shutdownHook;
    private ManagedProcess loadBalancer;
    private ExternalBalancer externalBalancer;
    private volatile String cacheControl;
    private int lbPort;
    private int adminPort;

    RunningCluster(ClusterSpec spec, Path origin, PrintStream progress) {
        this.spec = spec;
        this.cacheControl = spec.cacheControl();
        this.origin = origin;
        this.progress = progress;
        // Ctrl-C on the launcher, or a test JVM exiting, still stops every child.
        this.shutdownHook = Thread.ofPlatform().unstarted(this::stopAll);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public URI lbUri() {
        return URI.create("http://127.0.0.1:" + lbPort);
    }

    /** lb.jar's admin port ({@code /metrics}, {@code /health}); nginx and HAProxy have none: see {@link #accessLog()}. */
    public URI adminUri() {
        if (spec.balancer() != Balancer.LB) {
            throw new IllegalStateException(spec.balancer() + " has no admin port; read its access log instead");
        }
        return URI.create("http://127.0.0.1:" + adminPort);
    }

    /** The access log nginx or HAProxy writes for {@link EgressLog}; empty for lb.jar, which exports /metrics. */
    public Optional<Path> accessLog() {
        return Optional.ofNullable(externalBalancer).map(ExternalBalancer::accessLog);
    }

    /** Which balancer this is, with its version for external ones: {@code lb.jar}, {@code nginx/1.22.1}. */
    public String balancerVersion() {
        return externalBalancer == null ? "lb.jar" : externalBalancer.version();
    }

    public List<URI> replicaUris() {
        return replicaPorts.stream().map(p -> URI.create("http://127.0.0.1:" + p)).toList();
    }

    public ClusterSpec spec() {
        return spec;
    }

    /** Process ids of everything this cluster started, launcher first: what {@code down} kills. */
    public List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        pids.add(ProcessHandle.current().pid());
        replicas.forEach(r -> pids.add(r.pid()));
        if (loadBalancer != null) {
            pids.add(loadBalancer.pid());
        }
        if (externalBalancer != null) {
            pids.add(externalBalancer.pid());
        }
        return pids;
    }

    /**
     * The JVMs serving right now, by name ({@code replica-0}…, {@code lb}), for resource sampling; nginx and
     * HAProxy run under a watchdog and are not included.
     */
    public Map<String, Long> servingJvms() {
        Map<String, Long> jvms = new java.util.LinkedHashMap<>();
        for (int i = 0; i < replicas.size(); i++) {
            if (replicas.get(i).isAlive()) {
                jvms.put("replica-" + i, replicas.get(i).pid());
            }
        }
        if (loadBalancer != null && loadBalancer.isAlive()) {
            jvms.put("lb", loadBalancer.pid());
        }
        return jvms;
    }

    /** Operator base URLs of the replicas ({@code /cache-control}, {@code /health}). */
    public List<URI> replicaAdminUris() {
        return replicaAdminPorts.stream().map(p -> URI.create("http://127.0.0.1:" + p)).toList();
    }

    /** Changes every replica's Cache-Control at run time: no restart of replicas or clients. */
    public void setCacheControl(String value) throws IOException, InterruptedException {
        for (URI admin : replicaAdminUris()) {
            HttpResponse<String> response = Cluster.HTTP.send(HttpRequest.newBuilder(admin.resolve("/cache-control"))
                            .timeout(Duration.ofSeconds(5))
                            .header("Authorization", "Bearer " + spec.writeToken())
                            .PUT(HttpRequest.BodyPublishers.ofString(value)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 204) {
                throw new IOException("setting Cache-Control on " + admin + " failed: " + response.statusCode()
                        + " " + response.body());
            }
        }
        cacheControl = value;
        progress.printf(Locale.ROOT, "Cache-Control on every replica is now '%s'%n", value);
    }

    /** kill -9 of replica {@code i}, as a crash. */
    public void killReplica(int i) throws InterruptedException {
        replicas.get(i).kill();
        progress.printf(Locale.ROOT, "killed replica-%d (SIGKILL)%n", i);
    }

    /**
     * Starts replica {@code i} again on its old port, so the load balancer's backend URL stays valid, and
     * with the Cache-Control the others serve now: a replica back with the start-up max-age would let
     * clients skip polls that the others would have answered.
     */
    public void restartReplica(int i) throws IOException, InterruptedException {
        replicas.get(i).stop();
        startReplica(i, replicaPorts.get(i));
        awaitReplica(i);
        progress.printf(Locale.ROOT, "restarted replica-%d on %s%n", i, replicaUris().get(i));
    }

    /**
     * Scale-out: one more replica, started as the others were (its local copy lands {@code i × drift} late, as
     * a later deploy does), and once it is healthy, added to lb.jar's rotation on its admin port
     * ({@code POST /backends}). nginx and HAProxy read their replicas from their config at start.
     *
     * @return the new replica's index
     */
    public int addReplica() throws IOException, InterruptedException {
        if (spec.balancer() != Balancer.LB) {
            throw new IllegalStateException(spec.balancer() + " takes its replicas from its config at start; "
                    + "scale-out at run time is lb.jar's (POST /backends on its admin port)");
        }
        int i = replicas.size();
        startReplica(i, 0);
        awaitReplica(i);
        URI replica = replicaUris().get(i);
        HttpResponse<String> response = Cluster.HTTP.send(HttpRequest.newBuilder(adminUri().resolve("/backends"))
                        .timeout(Duration.ofSeconds(5)).header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString(replica.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("adding " + replica + " to the balancer failed: " + response.statusCode() + " "
                    + response.body());
        }
        progress.printf(Locale.ROOT, "scale-out: replica-%d on %s joined the balancer%n", i, replica);
        return i;
    }

    /**
     * A deploy of replica {@code i}: stopped (SIGTERM), its local copy deleted, started again on the same ports
     * with a fresh copy from the origin — a new file, so a new inode and mtime, as a real deploy brings.
     */
    public void redeployReplica(int i) throws IOException, InterruptedException {
        replicas.get(i).stop();
        Directories.deleteRecursively(spec.workDir().resolve("replica-" + i));
        startReplica(i, replicaPorts.get(i));
        awaitReplica(i);
        progress.printf(Locale.ROOT, "redeployed replica-%d on %s with a fresh local copy%n", i, replicaUris().get(i));
    }

    void startReplica(int i, int port) throws IOException {
        Path dataDir = spec.workDir().resolve("replica-" + i);
        Path portFile = spec.workDir().resolve("replica-" + i + ".port");
        Files.deleteIfExists(portFile);
        double drift = spec.deployDrift().toMillis() * i / 1000.0;
        List<String> args = List.of("--port", Integer.toString(port), "--admin-port", adminPortFor(i),
                "--port-file", portFile.toString(),
                "--data-dir", dataDir.toString(), "--origin", origin.toString(), "--etag", spec.etag(),
                "--cache-control", cacheControl, "--size", spec.seedSize(),
                "--deploy-drift", String.format(Locale.ROOT, "%.3f", drift), "--node-id", "replica-" + i);
        var process = new ManagedProcess("replica-" + i, ManagedProcess.javaJar(spec.serverJar(), args),
                spec.workDir().resolve("replica-" + i + ".log"));
        process.start(Cluster.replicaEnvironment(spec));
        if (i < replicas.size()) {
            replicas.set(i, process);
        } else {
            replicas.add(process);
            replicaPorts.add(port);
            replicaAdminPorts.add(0);
        }
    }

    /* A restarted replica keeps its admin port too, so the operator URLs stay valid. */
    private String adminPortFor(int i) {
        return Integer.toString(i < replicaAdminPorts.size() ? replicaAdminPorts.get(i) : 0);
    }

    void awaitReplica(int i) throws InterruptedException {
        ManagedProcess process = replicas.get(i);
        List<Integer> ports = Cluster.awaitPorts(spec.workDir().resolve("replica-" + i + ".port"), process,
                spec.startTimeout());
        int port = ports.get(0);
        replicaPorts.set(i, port);
        replicaAdminPorts.set(i, ports.get(1));
        Cluster.awaitHealthy(URI.create("http://127.0.0.1:" + port + "/health"), process, spec.startTimeout());
        progress.printf(Locale.ROOT, "  %s healthy on http://127.0.0.1:%d%n", process, port);
    }

    void startLoadBalancer() throws IOException, InterruptedException {
        if (spec.balancer() != Balancer.LB) {
            externalBalancer = ExternalBalancer.start(spec.balancer(), replicaUris(), spec.workDir(),
                    spec.startTimeout(), progress);
            lbPort = externalBalancer.uri().getPort();
            return;
        }
        Path portFile = spec.workDir().resolve("lb.port");
        Files.deleteIfExists(portFile);
        List<String> args = new ArrayList<>(List.of("--port", "0", "--admin-port", "0",
                "--port-file", portFile.toString(), "--policy", spec.policy().label()));
        for (URI replica : replicaUris()) {
            args.add("--backend");
            args.add(replica.toString());
        }
        args.addAll(spec.lbArgs());
        loadBalancer = new ManagedProcess("lb", ManagedProcess.javaJar(spec.lbJar(), args),
                spec.workDir().resolve("lb.log"));
        loadBalancer.start(Map.of());
        List<Integer> ports = Cluster.awaitPorts(portFile, loadBalancer, spec.startTimeout());
        lbPort = ports.get(0);
        adminPort = ports.get(1);
        Cluster.awaitHealthy(adminUri().resolve("/health"), loadBalancer, spec.startTimeout());
        progress.printf(Locale.ROOT, "  %s healthy on %s (admin %s)%n", loadBalancer, lbUri(), adminUri());
    }

    private synchronized void stopAll() {
        if (loadBalancer != null) {
            loadBalancer.stop();
            loadBalancer = null;
        }
        if (externalBalancer != null) {
            externalBalancer.stop();
        }
        for (ManagedProcess replica : replicas) {
            replica.stop();
        }
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: it does the same work
        }
        progress.println("cluster down: every process stopped");
    }

}
