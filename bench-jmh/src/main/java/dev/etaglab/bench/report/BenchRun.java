package dev.etaglab.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs the JMH suite in one of the modes and leaves reviewable evidence in one folder: JMH's JSON,
 * {@code run.json} (commit, JDK, CPU, load, the exact command), and the generated {@code results.md}
 * and {@code chart.html}. The Maven profiles {@code bench-quick} and {@code bench-full} call this.
 */
@Command(name = "bench-run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the JMH benchmarks of benchmarks.jar (this class's class path) and writes "
                + "jmh.json, run.json, results.md and chart.html into the output folder.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every benchmark ran", "1:a benchmark failed (JMH runs with -foe true)", "2:bad arguments"})
public final class BenchRun implements Callable<Integer> {

    /** The run lengths. Full mode keeps the classes' own @Fork/@Warmup/@Measurement: those are the evidence settings. */
    enum Mode {
        /** Proves every benchmark still runs; measures nothing. */
        smoke(List.of("-f", "1", "-wi", "1", "-w", "100ms", "-i", "1", "-r", "100ms")),
        /** Indicative numbers in under three minutes on two cores; not evidence. */
        quick(List.of("-f", "1", "-wi", "2", "-w", "500ms", "-i", "3", "-r", "500ms")),
        /** The annotations: 3 forks, 5 × 1 s warm-up, 5 × 1 s measurement (about 25 minutes). */
        full(List.of());

        final List<String> jmhArgs;

        Mode(List<String> jmhArgs) {
            this.jmhArgs = jmhArgs;
        }
    }

    @Option(names = "--mode", required = true, description = "smoke, quick or full")
    private Mode mode;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder, e.g. results/jmh/quick")
    private Path out;

    @Option(names = "--include", paramLabel = "REGEX", defaultValue = ".*",
            description = "benchmarks to run (JMH's include regex; default: all)")
    private String include;

    @Option(names = "--jmh-args", paramLabel = "ARGS", defaultValue = "",
            description = "more JMH options, split at whitespace, appended after the mode's, e.g. \"-p size=1MiB\"")
    private String extraArgs;

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new BenchRun()).setCaseInsensitiveEnumValuesAllowed(true);
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Files.createDirectories(out);
        for (String stale : List.of(Report.JMH_JSON, Report.RUN_JSON, Report.RESULTS_MD, Report.CHART_HTML)) {
            Files.deleteIfExists(out.resolve(stale));
        }
        List<String> args = jmhArgs(mode, extraArgs, include, out.resolve(Report.JMH_JSON));
        CommandLineOptions options;
        try {
            options = new CommandLineOptions(args.toArray(String[]::new));
        } catch (CommandLineOptionException e) {
            err.println("bench-run: JMH rejected " + args + ": " + e.getMessage());
            return 2;
        }
        Instant started = Instant.now();
        ObjectNode run = RunInfo.before(mode.name(), args, started);
        String failure = null;
        try {
            new Runner(options).run();
        } catch (RunnerException e) {
            failure = String.valueOf(e.getMessage());
        }
        RunInfo.after(run, started, Instant.now(), failure);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve(Report.RUN_JSON).toFile(), run);
        if (failure != null) {
            err.println("bench-run: a benchmark failed, no report written: " + failure);
            return 1;
        }
        Report.write(out);
        spec.commandLine().getOut().printf("bench-run: %s mode took %.0f s; wrote %s/{%s,%s,%s,%s}%n",
                mode, run.get("durationSeconds").asDouble(), out, Report.JMH_JSON, Report.RUN_JSON, Report.RESULTS_MD,
                Report.CHART_HTML);
        return 0;
    }

    /** The complete JMH command line of a mode; what run.json records and "reproduce" replays. */
    static List<String> jmhArgs(Mode mode, String extraArgs, String include, Path resultFile) {
        List<String> args = new ArrayList<>(mode.jmhArgs);
        // B/op for every benchmark; the profiler reads MXBean counters once per iteration.
        args.addAll(List.of("-prof", "gc"));
        if (Runtime.version().feature() >= 24) {
            // JEP 471: JMH 1.37 calls sun.misc.Unsafe, and JDK 24+ warns in every fork. Silence only that.
            args.addAll(List.of("-jvmArgsAppend", "--sun-misc-unsafe-memory-access=allow"));
        }
        String extra = extraArgs == null ? "" : extraArgs.strip();
        if (!extra.isEmpty()) {
            args.addAll(List.of(extra.split("\\s+")));
        }
        // JMH exits 0 when a benchmark throws unless told to fail on error.
        args.addAll(List.of("-foe", "true", "-rf", "json", "-rff", resultFile.toString()));
        if (include != null && !include.isBlank() && !include.equals(".*")) {
            args.add(include);
        }
        return args;
    }
}
