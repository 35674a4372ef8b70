package dev.etaglab.gatling;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.etaglab.lb.cluster.Cluster;
import dev.etaglab.lb.cluster.ClusterSpec;
import dev.etaglab.lb.cluster.RunningCluster;
import dev.etaglab.lb.wirecheck.WireCheck;
import dev.etaglab.support.LaunchedProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One run of the experiment (before or after), owned by the simulation: it stands up the cluster with the
 * run's strategy, records the wire check, keeps the clock, runs the operator, and at the end analyses
 * and writes {@code run-<name>.json}. The simulation reads its settings from system properties so that
 * Gatling's Maven plugin can pass them.
 */
public final class ExperimentRun {

    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            // Settings are written as their command-line names ("round-robin"), and read back the same way.
            .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.READ_ENUMS_USING_TO_STRING)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private static volatile ExperimentRun current;

    private final RunSettings settings;
    private final Path out;
    private final RunningCluster cluster;
    private final ClientLog log = new ClientLog();
    private final boolean wireCheckConsistent;
    private RunClock clock;
    private Operator operator;
    private Thread operatorThread;
    private ResourceSampler sampler;
    private Thread samplerThread;

    private ExperimentRun(RunSettings settings, Path out, RunningCluster cluster, boolean wireCheckConsistent) {
        this.settings = settings;
        this.out = out;
        this.cluster = cluster;
        this.wireCheckConsistent = wireCheckConsistent;
    }

    /** The run in progress in this JVM; the simulation's users record into it. */
    public static ExperimentRun current() {
        return current;
    }

    /** Settings from {@code -Dexperiment.*} system properties, as the Maven plugin or {@link GatlingFork} passes them. */
    public static ExperimentRun startFromSystemProperties() throws IOException, InterruptedException {
        Path repo = Path.of(System.getProperty("experiment.repoRoot", "..")).toAbsolutePath().normalize();
        Path out = Path.of(System.getProperty("experiment.out", "target/experiment")).toAbsolutePath().normalize();
        String parent = System.getProperty("experiment.parentPid", "");
        if (!parent.isBlank()) {
            // Started by a matrix: if it dies, even by SIGKILL, this run exits and its cluster's hook stops the rest.
            LaunchedProcess.exitWithParent(Long.parseLong(parent), "experiment run", () -> { });
        }
        return start(RunSettings.fromProperties(System.getProperties()), repo, out);
    }

    static ExperimentRun start(RunSettings settings, Path repo, Path out) throws IOException, InterruptedException {
        Files.createDirectories(out);
        String name = settings.run();
        ExperimentProfile profile = settings.profile();
        Path work = Files.createTempDirectory("etaglab-experiment-" + name + "-");
        PrintStream progress = System.out;
        progress.printf(Locale.ROOT, "%n=== %s run: %d %s users through %s (%s) over %d replicas, ETag strategy '%s' "
                        + "(%s profile, seed %d) ===%n", name, profile.users(), settings.pacing(), settings.balancer(),
                settings.policy(), settings.replicas(), settings.etag(), profile.name(), settings.seed());
        ClusterSpec spec = ClusterSpec.defaults(repo, work).withEtag(settings.etag()).withBalancer(settings.balancer())
                .withPolicy(settings.policy()).withReplicas(settings.replicas())
                .withCacheControl(profile.maxAgeCacheControl()).withSeedSize(profile.seedSize());
        RunningCluster cluster = Cluster.start(spec, progress);
        try {
            var wire = new ByteArrayOutputStream();
            boolean consistent = WireCheck.run(cluster.replicaUris(), cluster.lbUri(), 6,
                    new PrintStream(wire, true, StandardCharsets.UTF_8)).consistent();
            Files.writeString(out.resolve("wire-" + name + ".txt"), wire.toString(StandardCharsets.UTF_8));
            progress.printf(Locale.ROOT, "wire check: %s (wire-%s.txt)%n",
                    consistent ? "replicas agree on validators" : "replicas DISAGREE on validators", name);
            ExperimentRun run = new ExperimentRun(settings, out, cluster, consistent);
            current = run;
            return run;
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Every network response, per client: the raw material of the per-client change assertion. */
    private void writeClientLog(Path file) throws IOException {
        StringBuilder csv = new StringBuilder("user,start_ms_since_run_start,end_ms_since_run_start,status,etag,content,"
                + "conditional,wire_bytes\n");
        log.responses().stream().sorted(java.util.Comparator.comparingLong(ClientLog.NetworkResponse::userId)
                        .thenComparingLong(ClientLog.NetworkResponse::startMillis))
                .forEach(r -> csv.append(r.userId()).append(',').append(r.startMillis() - clock.startMillis()).append(',')
                        .append(r.endMillis() - clock.startMillis()).append(',').append(r.status()).append(',')
                        .append(r.etag() == null ? "" : r.etag().replace(",", ";")).append(',')
                        .append(r.contentDigest()).append(',').append(r.conditional()).append(',')
                        .append(r.wireBytes()).append('\n'));
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, csv, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Written whole or not at all: a temp file renamed into place, so no reader ever sees half a result. */
    public static void writeJson(Path file, Object value) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(temp.toFile(), value);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public URI resourceUri() {
        return cluster.lbUri().resolve("/resource");
    }

    public ClientLog log() {
        return log;
    }

    public ExperimentProfile profile() {
        return settings.profile();
    }

    public RunSettings settings() {
        return settings;
    }

    public RunClock clock() {
        return clock;
    }

    /** Called as the users start: fixes the timeline and starts the operator. */
    public void begin() throws IOException, InterruptedException {
        byte[] seed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(cluster.replicaUris().getFirst()
                .resolve("/resource")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofByteArray())
                .body();
        clock = new RunClock(System.currentTimeMillis(), settings.profile());
        operator = new Operator(cluster, clock, log, seed, settings.fault(), System.out);
        operatorThread = Thread.ofPlatform().name("operator").start(operator);
        if (settings.profile().sampleResources()) {
            // The first minute is warm-up (JIT, pools filling); the window is the rest of the run.
            sampler = new ResourceSampler(cluster::servingJvms, clock.maxAgeStart() + 60_000, clock.end());
            samplerThread = Thread.ofPlatform().name("resource-sampler").start(sampler);
        }
    }

    /** Called when the users are done: stops the cluster, analyses, writes {@code run-<name>.json}. */
    public RunResult finish() throws IOException, InterruptedException {
        try {
            operatorThread.join();
            if (samplerThread != null) {
                samplerThread.join();
            }
        } finally {
            cluster.close();
            current = null;
        }
        if (operator.failure() != null) {
            throw new IOException("the run's timeline failed: " + operator.failure(), operator.failure());
        }
        var analysis = new RunAnalysis(clock, log, operator.scrapes(), operator.changes(), log.transportFailures());
        List<RunResult.PhaseResult> phases = analysis.phases();
        List<String> violations = RunAnalysis.violations(phases, analysis.egressAgreement(), analysis.kernelAgreement());
        String name = settings.run();
        RunResult result = new RunResult(name, settings.etag(), cluster.balancerVersion(), settings.profile(), phases,
                operator.changes(), analysis.timeline(), analysis.egressAgreement(), analysis.kernelAgreement(),
                violations.isEmpty(), violations,
                "wire-" + name + ".txt", "clients-" + name + ".csv", wireCheckConsistent, operator.faults(),
                sampler == null ? List.of() : sampler.summary(), settings,
                RevalidationModel.of(settings, wireCheckConsistent), analysis.disruptions(operator.faults()));
        if (sampler != null) {
            sampler.writeCsv(out.resolve("resources-" + name + ".csv"));
        }
        writeJson(out.resolve("run-" + name + ".json"), result);
        writeClientLog(out.resolve("clients-" + name + ".csv"));
        System.out.printf(Locale.ROOT, "%s run: %s%n", name, violations.isEmpty() ? "meets the 304 contract"
                : "violates the 304 contract:\n  - " + String.join("\n  - ", violations));
        return result;
    }
}
