package dev.etaglab.gatling;

import dev.etaglab.gatling.RunResult.PhaseResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The matrix's evidence: every cell's repetitions reduced to a mean and a 95 % confidence interval
 * (Student's t over the per-run rates: the runs, not the requests, are the independent samples), held
 * against the model. Written as {@code matrix.md}, {@code matrix.json} and {@code matrix.html}.
 */
final class MatrixReport {

    /** One cell: its settings and, per run kind (before, after), the runs that were made. */
    record Cell(String front, int replicas, int users, Pacing pacing, Fault fault, List<RunResult> before,
                List<RunResult> after) {
    }

    /**
     * The repetitions of one rate.
     *
     * @param mean the mean of the per-run rates
     * @param half the half-width of the 95 % confidence interval (0 with one run: no interval)
     * @param min  the smallest per-run rate
     * @param runs how many runs
     */
    record Estimate(double mean, double half, double min, int runs) {

        static Estimate of(List<Double> rates) {
            double mean = rates.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double min = rates.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
            if (rates.size() < 2) {
                return new Estimate(mean, 0, min, rates.size());
            }
            double variance = rates.stream().mapToDouble(r -> (r - mean) * (r - mean)).sum() / (rates.size() - 1);
            double t = new TDistribution(rates.size() - 1).inverseCumulativeProbability(0.975);
            return new Estimate(mean, t * Math.sqrt(variance / rates.size()), min, rates.size());
        }

        String percent() {
            return runs < 2 ? String.format(Locale.ROOT, "%.1f %%", 100 * mean)
                    : String.format(Locale.ROOT, "%.1f %% ± %.1f", 100 * mean, 100 * half);
        }
    }

    private final List<Cell> cells;

    private MatrixReport(List<Cell> cells) {
        this.cells = cells;
    }

    List<Cell> cells() {
        return cells;
    }

    /** Reads every {@code run-before.json} / {@code run-after.json} under {@code runs}, one folder per run pair. */
    static MatrixReport read(Path runs) throws IOException {
        Map<String, List<RunResult>> byCell = new TreeMap<>();
        try (Stream<Path> files = Files.walk(runs)) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches("run-(before|after)\\.json")).sorted()
                    .toList()) {
                RunResult r = ExperimentRun.JSON.readValue(f.toFile(), RunResult.class);
                byCell.computeIfAbsent(key(r), k -> new ArrayList<>()).add(r);
            }
        }
        List<Cell> cells = new ArrayList<>();
        for (List<RunResult> runsOfCell : byCell.values()) {
            RunSettings s = runsOfCell.getFirst().settings();
            cells.add(new Cell(new Front(s.balancer(), s.policy()).label(), s.replicas(), s.profile().users(),
                    s.pacing(), s.fault(), runsOfCell.stream().filter(r -> r.run().equals("before")).toList(),
                    runsOfCell.stream().filter(r -> r.run().equals("after")).toList()));
        }
        cells.sort(Comparator.comparing(Cell::front).thenComparingInt(Cell::replicas).thenComparingInt(Cell::users)
                .thenComparing(Cell::pacing).thenComparing(Cell::fault));
        return new MatrixReport(cells);
    }

    private static String key(RunResult r) {
        RunSettings s = r.settings();
        return String.format(Locale.ROOT, "%s|%03d|%06d|%s|%s", new Front(s.balancer(), s.policy()).label(),
                s.replicas(), s.profile().users(), s.pacing(), s.fault());
    }

    static Estimate rate(List<RunResult> runs, int phase) {
        return Estimate.of(runs.stream().map(r -> r.phases().get(phase).rate304Unchanged()).toList());
    }

    private static final int MAX_AGE = 0;
    private static final int REVALIDATION = 1;

    private boolean hasFaults() {
        return cells.stream().anyMatch(c -> c.fault() != Fault.NONE);
    }

    String markdownTable() {
        StringBuilder md = new StringBuilder();
        md.append("| front | replicas | users | clients | ").append(hasFaults() ? "fault | " : "").append("before: 304 rate, revalidation phase (mean ± 95 % CI) | "
                + "model | agrees | before: max-age phase | after: revalidation phase (lowest run) | "
                + "after: runs meeting the contract | egress before ÷ after (revalidation) |\n");
        md.append("|---|---:|---:|---|").append(hasFaults() ? "---|" : "").append("---:|---:|:---:|---:|---:|---:|---:|\n");
        for (Cell c : cells) {
            Estimate before = rate(c.before(), REVALIDATION);
            RevalidationModel model = c.before().getFirst().model();
            Estimate after = rate(c.after(), REVALIDATION);
            long met = c.after().stream().filter(RunResult::contractMet).count();
            double egress = c.before().stream().mapToDouble(r -> r.phases().get(REVALIDATION).lbEgressBytes()).sum()
                    / Math.max(1, c.after().stream().mapToDouble(r -> r.phases().get(REVALIDATION).lbEgressBytes()).sum());
            md.append(String.format(Locale.ROOT, "| %s | %d | %d | %s | %s%s | %s | %s | %s | %.1f %% | %d of %d | %.1f× |%n",
                    c.front(), c.replicas(), c.users(), c.pacing(), hasFaults() ? c.fault() + " | " : "", before.percent(),
                    Double.isNaN(model.expected()) ? "—" : String.format(Locale.ROOT, "%.1f %%", 100 * model.expected()),
                    Double.isNaN(model.expected()) ? "—" : model.agrees(before.mean()) ? "✓" : "✗",
                    rate(c.before(), MAX_AGE).percent(), 100 * after.min(), met, c.after().size(), egress));
        }
        return md.toString();
    }

    /** Per run with a fault: what each disruption cost, before and after. */
    String disruptions() {
        if (!hasFaults()) {
            return "";
        }
        StringBuilder md = new StringBuilder("\nWhat each disruption cost (per run: full 200s resending bytes the client "
                + "held / times the balancer re-homed a client, from the disruption to the next one or the content "
                + "change):\n\n");
        md.append("| front | replicas | fault | seed | disruption | before: refetches / re-homings | after: refetches / re-homings |\n");
        md.append("|---|---:|---|---:|---|---:|---:|\n");
        for (Cell c : cells) {
            for (int r = 0; r < Math.min(c.before().size(), c.after().size()); r++) {
                var b = c.before().get(r).disruptions();
                var a = c.after().get(r).disruptions();
                for (int d = 0; d < b.size(); d++) {
                    String afterCell = d < a.size() ? a.get(d).refetches() + " / " + a.get(d).rehomings() : "—";
                    md.append(String.format(Locale.ROOT, "| %s | %d | %s | %d | %s | %d / %d | %s |%n", c.front(),
                            c.replicas(), c.fault(), c.before().get(r).settings().seed(), b.get(d).what(),
                            b.get(d).refetches(), b.get(d).rehomings(), afterCell));
                }
            }
        }
        return md.append('\n').toString();
    }

    /** Every after run that broke the contract, by folder-like name. */
    List<String> brokenAfterRuns() {
        return cells.stream().flatMap(c -> c.after().stream().filter(r -> !r.contractMet())
                .map(r -> String.format(Locale.ROOT, "%s/%d replicas/%d users/%s/seed %d", c.front(), c.replicas(),
                        c.users(), c.pacing(), r.settings().seed()))).toList();
    }

    /** Cells whose before mean lies outside the model's tolerance. */
    List<String> disagreements() {
        return cells.stream().filter(c -> !c.before().getFirst().model().agrees(rate(c.before(), REVALIDATION).mean()))
                .map(c -> String.format(Locale.ROOT, "%s/%d replicas/%d users/%s", c.front(), c.replicas(), c.users(),
                        c.pacing())).toList();
    }

    void write(Path out, String command) throws IOException {
        Files.createDirectories(out);
        String table = markdownTable();
        List<String> disagree = disagreements();
        List<String> broken = brokenAfterRuns();
        RunSettings first = cells.getFirst().before().getFirst().settings();
        StringBuilder md = new StringBuilder("# The experiment over a grid: fronts × replicas × users × client models\n\n");
        md.append("Produced by `").append(command.isBlank() ? "./lab experiment matrix" : command)
                .append("` (see `matrix.json` and `runs/*/run-*.json`); do not edit by hand.\n\n");
        md.append(String.format(Locale.ROOT, "Every cell ran %s; before: `%s`, after: `%s`; profile `%s` (%s phases, "
                        + "a poll every %s on average). The 304 rate is the share of revalidations made while the "
                        + "content had not changed that were answered 304. Mean ± the half-width of the 95 %% "
                        + "confidence interval over the runs (Student's t); *model*: what the rate should be "
                        + "(`RevalidationModel`), ✓ when the mean is within ±%.0f points of it.%n%n",
                repetitionsText(), first.etag(), cells.getFirst().after().getFirst().etag(), first.profile().name(),
                first.profile().phase().toSeconds() + " s", first.profile().pollInterval().toMillis() + " ms",
                100 * RevalidationModel.TOLERANCE));
        md.append(table).append('\n');
        md.append(disruptions());
        md.append(disagree.isEmpty() ? "Every modelled cell agrees with its model.\n"
                : "Cells outside the model's tolerance: " + String.join(", ", disagree) + ".\n");
        md.append(broken.isEmpty() ? "Every after run meets the 304 contract.\n"
                : "After runs that break the 304 contract: " + String.join(", ", broken) + ".\n");
        Files.writeString(out.resolve("matrix.md"), md, StandardCharsets.UTF_8);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("command", command);
        json.put("date", Instant.now().toString());
        Environment.putOrigin(json);
        json.put("cells", cells.stream().map(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("front", c.front());
            m.put("replicas", c.replicas());
            m.put("users", c.users());
            m.put("pacing", c.pacing());
            m.put("fault", c.fault());
            m.put("model", c.before().getFirst().model());
            m.put("beforeRevalidation", rate(c.before(), REVALIDATION));
            m.put("beforeMaxAge", rate(c.before(), MAX_AGE));
            m.put("afterRevalidation", rate(c.after(), REVALIDATION));
            m.put("afterMaxAge", rate(c.after(), MAX_AGE));
            m.put("seeds", c.before().stream().map(r -> r.settings().seed()).toList());
            return m;
        }).toList());
        ExperimentRun.writeJson(out.resolve("matrix.json"), json);
        Files.writeString(out.resolve("matrix.html"), MatrixPage.html(this, md.toString()), StandardCharsets.UTF_8);
    }

    private String repetitionsText() {
        Map<Integer, Long> counts = cells.stream().collect(Collectors.groupingBy(c -> c.before().size(),
                TreeMap::new, Collectors.counting()));
        return counts.entrySet().stream().map(e -> e.getKey() + " time(s) with seeds 1.." + e.getKey()
                + (counts.size() > 1 ? " (" + e.getValue() + " cells)" : "")).collect(Collectors.joining(", "));
    }
}
