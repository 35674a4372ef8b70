package dev.etaglab.gatling;

import dev.etaglab.support.Directories;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./lab experiment matrix}: the before/after experiment over fronts (balancer and policy) × replica
 * counts × user counts × client models, each cell repeated with different seeds, then one report that holds
 * every cell's mean and 95 % confidence interval against the model ({@link MatrixReport}).
 *
 * <pre>
 *   ./lab experiment matrix                                   # the committed grid, ~40 min on 2 cores
 *   ./lab experiment matrix --fronts round-robin,nginx --replicas 3 --users 20,99,100,200,201 --repetitions 3
 * </pre>
 */
@Command(name = "matrix", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the before/after experiment over a grid of settings, repeated, and report means, "
                + "confidence intervals and the model.")
public final class MatrixMain implements Callable<Integer> {

    @Option(names = "--fronts", split = ",", paramLabel = "NAME",
            defaultValue = "round-robin,random,least-in-flight,sticky,nginx,haproxy",
            description = "lb.jar policies and/or nginx, haproxy (default: ${DEFAULT-VALUE}).")
    List<String> fronts;

    @Option(names = "--replicas", split = ",", paramLabel = "N", defaultValue = "1,2,3,4,6,8",
            description = "Replica counts (default: ${DEFAULT-VALUE}).")
    List<Integer> replicas;

    @Option(names = "--users", split = ",", paramLabel = "N", description = "User counts (default: the profile's).")
    List<Integer> users = new ArrayList<>();

    @Option(names = "--pacing", split = ",", paramLabel = "MODEL", defaultValue = "jittered",
            description = "Client models: jittered, lockstep (default: ${DEFAULT-VALUE}).")
    List<String> pacing;

    @Option(names = "--faults", split = ",", paramLabel = "NAME", defaultValue = "none",
            description = "What the operator breaks in the revalidation phase: none, kill-replica, scale-out, "
                    + "rolling-redeploy (default: ${DEFAULT-VALUE}).")
    List<String> faults;

    @Option(names = "--repetitions", paramLabel = "R", defaultValue = "3",
            description = "Runs per cell, seeds 1..R (default: ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(names = "--before", defaultValue = "mtime", paramLabel = "NAME",
            description = "ETag strategy of the before runs (default: ${DEFAULT-VALUE}).")
    String before;

    @Option(names = "--after", defaultValue = "sha256-cached", paramLabel = "NAME",
            description = "ETag strategy of the after runs (default: ${DEFAULT-VALUE}).")
    String after;

    @Option(names = "--profile", defaultValue = "matrix", paramLabel = "NAME",
            description = "Timeline of every run (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--parallel", defaultValue = "2", paramLabel = "K",
            description = "Cells run at once, each with its own cluster (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the matrix goes.")
    Path out;

    @Option(names = "--repo", defaultValue = ".", paramLabel = "DIR", description = "The checkout (default: .).")
    Path repo;

    @Option(names = "--command", defaultValue = "", paramLabel = "TEXT", description = "Recorded in matrix.json.")
    String command;

    @Option(names = "--gate", description = "Exit 1 when an after run breaks the 304 contract.")
    boolean gate;

    public static void main(String[] args) {
        System.exit(new CommandLine(new MatrixMain()).execute(args));
    }

    /** One run pair to do: a cell and a seed. */
    record Job(Front front, int replicas, int users, Pacing pacing, Fault fault, long seed) {
        String folder() {
            return String.format(Locale.ROOT, "%s-n%d-u%d-%s%s-seed%d", front.label(), replicas, users, pacing.label(),
                    fault == Fault.NONE ? "" : "-" + fault.label(), seed);
        }
    }

    @Override
    public Integer call() throws Exception {
        ExperimentProfile timeline = ExperimentProfile.named(profile);
        // Every name is checked before the first JVM starts: a typo costs milliseconds, not a matrix.
        List<Front> parsedFronts = fronts.stream().map(Front::named).toList();
        List<Pacing> models = pacing.stream().map(Pacing::named).toList();
        List<Fault> parsedFaults = faults.stream().map(Fault::named).toList();
        List<Integer> userCounts = users.isEmpty() ? List.of(timeline.users()) : users;
        if (repetitions < 1 || parallel < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--repetitions and --parallel must be ≥ 1");
        }
        List<Job> jobs = new ArrayList<>();
        for (Front front : parsedFronts) {
            for (int n : replicas) {
                for (int u : userCounts) {
                    for (Pacing p : models) {
                        for (Fault f : parsedFaults) {
                            for (long seed = 1; seed <= repetitions; seed++) {
                                Job job = new Job(front, n, u, p, f, seed);
                                settings(job, timeline, "before", before); // validates the combination now
                                jobs.add(job);
                            }
                        }
                    }
                }
            }
        }
        Path runs = out.resolve("runs");
        Directories.deleteRecursively(runs);
        Files.createDirectories(runs);
        GatlingFork fork = new GatlingFork(repo, timeline.ramp().plus(timeline.phase().multipliedBy(2))
                .plus(Duration.ofMinutes(3)));
        PrintStream progress = System.out;
        progress.printf(Locale.ROOT, "matrix: %d run pairs (%d fronts × %d replica counts × %d user counts × %d client "
                        + "models × %d faults × %d seeds), %d at a time, into %s%n", jobs.size(), parsedFronts.size(),
                replicas.size(), userCounts.size(), models.size(), parsedFaults.size(), repetitions, parallel, out);
        AtomicInteger done = new AtomicInteger();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Job job : jobs) {
                futures.add(pool.submit(() -> {
                    runPair(fork, job, timeline, runs.resolve(job.folder()));
                    int n = done.incrementAndGet();
                    long elapsed = (System.nanoTime() - started) / 1_000_000_000;
                    progress.printf(Locale.ROOT, "[%d/%d, %d s, ~%d s left] %s%n", n, jobs.size(), elapsed,
                            elapsed * (jobs.size() - n) / n, summary(runs.resolve(job.folder()), job));
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            // Ctrl-C interrupts the running forks; each one's finally stops its Gatling JVM (and so its cluster).
            pool.shutdownNow();
        }
        MatrixReport report = MatrixReport.read(runs);
        report.write(out, command);
        progress.println();
        progress.println(report.markdownTable());
        progress.println("report: " + out.resolve("matrix.md") + ", " + out.resolve("matrix.html"));
        List<String> broken = report.brokenAfterRuns();
        if (!broken.isEmpty()) {
            progress.println("REGRESSION GATE: after runs that break the 304 contract: " + String.join(", ", broken));
            return gate ? 1 : 0;
        }
        progress.println("REGRESSION GATE: every after run meets the 304 contract");
        return 0;
    }

    private RunSettings settings(Job job, ExperimentProfile timeline, String run, String etag) {
        return new RunSettings(run, etag, job.front().balancer(), job.front().policy(), job.replicas(), job.fault(),
                timeline.withUsers(job.users()), job.pacing(), job.seed());
    }

    private void runPair(GatlingFork fork, Job job, ExperimentProfile timeline, Path folder)
            throws IOException, InterruptedException {
        for (String run : List.of("before", "after")) {
            int code = fork.run(settings(job, timeline, run, run.equals("before") ? before : after), folder, false);
            if (!Files.exists(folder.resolve("run-" + run + ".json"))) {
                throw new IOException("the " + run + " run of " + job.folder() + " wrote no result (exit " + code
                        + "); see " + folder.resolve("console-" + run + ".txt"));
            }
        }
        // Hundreds of runs: keep our JSON and the consoles, not the per-response logs and Gatling's binary log.
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("clients-")).toList()) {
                Files.delete(f);
            }
        }
        Directories.deleteRecursively(folder.resolve("gatling"));
    }

    private static String summary(Path folder, Job job) {
        try {
            RunResult b = ExperimentRun.JSON.readValue(folder.resolve("run-before.json").toFile(), RunResult.class);
            RunResult a = ExperimentRun.JSON.readValue(folder.resolve("run-after.json").toFile(), RunResult.class);
            return String.format(Locale.ROOT, "%s, %d replicas, %d %s users%s, seed %d: before %.1f %% (model %s), "
                            + "after %.1f %%", job.front(), job.replicas(), job.users(), job.pacing(),
                    job.fault() == Fault.NONE ? "" : ", " + job.fault(), job.seed(),
                    100 * b.phases().getLast().rate304Unchanged(), ComparisonTable.modelCell(b, b.phases().getLast()),
                    100 * a.phases().getLast().rate304Unchanged());
        } catch (IOException e) {
            return job.folder() + ": " + e.getMessage();
        }
    }

}
