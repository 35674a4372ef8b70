package dev.etaglab.gatling;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Renders the experiment's evidence from the runs' JSON: {@code comparison.md}, {@code comparison.html},
 * {@code run.json} (environment and parameters), prints the before/after table, and — with
 * {@code --gate} — fails when the after run breaks the 304 contract.
 */
@Command(name = "comparison", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Build the before/after comparison of an experiment and enforce the 304 contract.")
public final class ComparisonMain implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "The experiment's output folder (holds run-before.json, run-after.json, gatling/).")
    Path out;

    @Option(names = "--gate", description = "Exit 1 when the after run breaks the 304 contract.")
    boolean gate;

    @Option(names = "--command", paramLabel = "TEXT", defaultValue = "",
            description = "The command that produced this experiment, recorded in run.json.")
    String command;

    @Option(names = "--update-readme", paramLabel = "FILE", defaultValue = "",
            description = "Replace the text between <!-- experiment:begin --> and <!-- experiment:end --> in FILE "
                    + "(empty: leave every README alone).")
    String readme;

    public static void main(String[] args) {
        int code = new CommandLine(new ComparisonMain()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws IOException {
        List<RunResult> runs = new ArrayList<>();
        for (String name : List.of("before", "after")) {
            Path file = out.resolve("run-" + name + ".json");
            if (!Files.exists(file)) {
                System.err.println("comparison: " + file + " is missing: the " + name + " run did not complete "
                        + "(see the Gatling output above)");
                return 2;
            }
            runs.add(ExperimentRun.JSON.readValue(file.toFile(), RunResult.class));
        }
        List<String> reports = gatlingReports();
        String table = ComparisonTable.markdown(runs);
        String summary = summary(runs, reports, table);
        Files.writeString(out.resolve("comparison.md"), summary, StandardCharsets.UTF_8);
        Files.writeString(out.resolve("comparison.html"), ComparisonPage.html(runs, table), StandardCharsets.UTF_8);
        ExperimentRun.writeJson(out.resolve("run.json"), metadata(runs));
        if (!readme.isBlank()) {
            updateReadme(Path.of(readme), summary);
        }
        System.out.println();
        System.out.println(table);
        System.out.print(ComparisonTable.models(runs));
        System.out.print(ComparisonTable.ratios(runs.get(0), runs.get(1)));
        System.out.println();
        System.out.println("report: " + out.resolve("comparison.html") + " (and comparison.md, Gatling reports in "
                + out.resolve("gatling") + ")");
        RunResult after = runs.get(1);
        if (!after.contractMet()) {
            System.out.println("REGRESSION GATE: the after run (ETag strategy '" + after.etag()
                    + "') breaks the 304 contract:");
            after.violations().forEach(v -> System.out.println("  - " + v));
            return gate ? 1 : 0;
        }
        System.out.println("REGRESSION GATE: the after run (ETag strategy '" + after.etag()
                + "') meets the 304 contract; the before run ('" + runs.get(0).etag() + "') "
                + (runs.get(0).contractMet() ? "meets it too" : "breaks it, as expected: " + runs.get(0).violations().size()
                + " violation(s)"));
        return 0;
    }

    private String summary(List<RunResult> runs, List<String> reports, String table) {
        StringBuilder md = new StringBuilder();
        md.append("# Before/after: ").append(runs.get(0).etag()).append(" vs ").append(runs.get(1).etag())
                .append(" through ").append(balancer(runs.get(0))).append("\n\n");
        md.append("Produced by `").append(command.isBlank() ? "./lab experiment" : command)
                .append("` (see `run.json`); do not edit by hand.\n\n");
        md.append(table).append('\n');
        md.append(ComparisonTable.models(runs)).append('\n');
        md.append(ComparisonTable.ratios(runs.get(0), runs.get(1))).append('\n');
        for (RunResult run : runs) {
            md.append("**").append(run.run()).append(" (`").append(run.etag()).append("`)**: ")
                    .append(run.contractMet() ? "meets the 304 contract." : "breaks the 304 contract:").append('\n');
            run.violations().forEach(v -> md.append("- ").append(v).append('\n'));
            md.append("Content changes: ");
            run.changes().forEach(c -> md.append(String.format(java.util.Locale.ROOT,
                    "%s phase, %d refused PUT(s) (412) before one got through, on every replica %d ms after the ack; ",
                    c.phase().label(), c.preconditionFailures(), c.visibleMillis() - c.ackMillis())));
            md.append(String.format(java.util.Locale.ROOT, "egress cross-check over the run: clients received "
                    + "%.3f %% of the bytes the balancer counted; kernel cross-check: the balancer's client sockets "
                    + "carried %.3f %% of the bytes it counted (TCP payload, from ss); ", 100 * run.egressAgreement(),
                    100 * run.kernelAgreement()));
            md.append("wire check: ").append(run.wireCheckConsistent() ? "validators agree" : "validators disagree")
                    .append(" (`").append(run.wireLog()).append("`); per-client log `").append(run.clientLog())
                    .append("`.\n");
            if (run.faults() != null && !run.faults().isEmpty()) {
                long t0 = run.faults().getFirst().epochMillis();
                md.append("Fault timeline (revalidation phase; failed or error responses: ")
                        .append(run.phases().stream().mapToLong(p -> p.transportFailures() + p.errorResponses()).sum())
                        .append("): ");
                md.append(String.join("; ", run.faults().stream().map(f -> String.format(java.util.Locale.ROOT,
                        "+%.1f s %s", (f.epochMillis() - t0) / 1000.0, f.what())).toList())).append(".\n");
            }
            if (run.disruptions() != null && !run.disruptions().isEmpty()) {
                md.append("What each disruption cost (from its start to the next one or to the content change; "
                        + "*refetch* = a full 200 of bytes the client already held; *re-homing* = a response in which "
                        + "the balancer placed a client anew, by Set-Cookie): ");
                md.append(String.join("; ", run.disruptions().stream().map(d -> String.format(java.util.Locale.ROOT,
                        "%s: %d refetch(es) by %d client(s), %d re-homing(s) of %d client(s) (%.1f s window)", d.what(),
                        d.refetches(), d.clientsRefetching(), d.rehomings(), d.clientsRehomed(),
                        (d.endMillis() - d.startMillis()) / 1000.0)).toList())).append(".\n");
            }
            if (run.resources() != null && !run.resources().isEmpty()) {
                md.append("Resources over the measured window (after a minute of warm-up; heap in use right after a "
                        + "full GC; `resources-").append(run.run()).append(".csv`): ");
                md.append(String.join("; ", run.resources().stream().map(r -> String.format(java.util.Locale.ROOT,
                        "%s open files %d → %d, threads %d → %d, heap %,d → %,d KiB, RSS %,d → %,d KiB", r.process(),
                        r.openFilesStart(), r.openFilesEnd(), r.threadsStart(), r.threadsEnd(),
                        r.heapAfterGcKibStart(), r.heapAfterGcKibEnd(), r.rssKibStart(), r.rssKibEnd())).toList()))
                        .append(".\n");
            }
            md.append('\n');
        }
        md.append("Gatling reports: ").append(String.join(", ", reports.stream().map(r -> "`" + r + "`").toList()))
                .append(" (Gatling counts requests and times; it has no status-code breakdown and no byte counts, "
                        + "which is why the table above comes from our own client log and the balancer's "
                        + (isLbJar(runs.get(0)) ? "/metrics" : "access log") + ").\n");
        md.append("\nColumns: *polls* = times a client wanted the resource; *skipped* = answered from the client's "
                + "cache while fresh (never sent, invisible to Gatling's statistics); *304 rate* = share of "
                + "revalidations made while the content had not changed that were answered 304; *model* = what that "
                + "rate should be (see the model lines under the table; ✓ within ±5 points); *egress* = bytes "
                + "the balancer wrote for 200 and 304 responses (status line, headers, body); *client bytes / LB "
                + "bytes* = the clients' own sum of what they received divided by that (tolerance: within 1 %); *kernel "
                + "payload / LB bytes* = the TCP payload the kernel counted on the balancer's client sockets (ss: bytes "
                + "acknowledged, corrected by the send queue) divided by what the balancer counted for every status "
                + "(the operator's PUTs pass through it too; tolerance: within 1 %); *TCP/IP header bytes* = 52 bytes "
                + "per segment the balancer sent (IPv4 20, TCP 20, timestamps 12), not in any other column.\n");
        return md.toString();
    }

    /* Runs written before the balancer was recorded were all through lb.jar. */
    private static boolean isLbJar(RunResult run) {
        return run.balancer() == null || run.balancer().equals("lb.jar");
    }

    private static String balancer(RunResult run) {
        return isLbJar(run) ? "the load balancer (lb.jar)" : run.balancer();
    }

    private List<String> gatlingReports() throws IOException {
        Path folder = out.resolve("gatling");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(folder)) {
            return dirs.filter(d -> Files.exists(d.resolve("index.html")))
                    .sorted(Comparator.comparing(Path::getFileName))
                    .map(d -> out.relativize(d.resolve("index.html")).toString()).toList();
        }
    }

    private Map<String, Object> metadata(List<RunResult> runs) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("command", command.isBlank() ? null : command);
        meta.put("date", DateTimeFormatter.ISO_INSTANT.format(Instant.now().atOffset(ZoneOffset.UTC)));
        Environment.putOrigin(meta);
        meta.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        meta.put("profile", runs.getFirst().profile());
        meta.put("before", runs.get(0).etag());
        meta.put("after", runs.get(1).etag());
        meta.put("balancer", runs.get(0).balancer());
        // What the runs were started with, as they recorded it: never a literal written here.
        meta.put("settings", runs.get(0).settings());
        return meta;
    }

    private static void updateReadme(Path readme, String summary) throws IOException {
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        String begin = "<!-- experiment:begin -->";
        String end = "<!-- experiment:end -->";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IOException(readme + " has no " + begin + " … " + end + " section");
        }
        String body = summary.substring(summary.indexOf('\n') + 1).strip();
        Files.writeString(readme, text.substring(0, from + begin.length()) + "\n" + body + "\n"
                + text.substring(to), StandardCharsets.UTF_8);
        System.out.println("updated " + readme);
    }

}
