package dev.etaglab.bench.report;

import dev.etaglab.bench.report.Comparison.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The regression gate for a pull request: compares two JMH JSON files benchmark by benchmark.
 *
 * <pre>
 *   java -cp bench-jmh/target/benchmarks.jar dev.etaglab.bench.report.Compare \
 *       base/jmh.json pr/jmh.json --threshold 10%
 * </pre>
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Compares a candidate JMH run with a baseline run (both -rf json files of the same suite, "
                        + "ideally on the same machine, in the same mode).",
                "A benchmark REGRESSED when its 99.9%% confidence intervals do not overlap AND it is slower "
                        + "than the baseline by more than the threshold. Overlapping intervals are noise, "
                        + "whatever the ratio. A run without intervals (one sample) compares by threshold alone."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:no benchmark regressed",
                "1:at least one benchmark regressed",
                "2:bad arguments, unreadable files, or nothing in common to compare"})
public final class Compare implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "BASELINE", description = "JMH JSON of the baseline, e.g. main")
    private Path baseline;

    @Parameters(index = "1", paramLabel = "CANDIDATE", description = "JMH JSON of the candidate, e.g. the pull request")
    private Path candidate;

    @Option(names = "--threshold", paramLabel = "PERCENT", defaultValue = "10%",
            converter = ThresholdConverter.class,
            description = "slowdown beyond which a significant change is a regression: 10%% or 0.10 (default: ${DEFAULT-VALUE})")
    private double threshold;

    @Option(names = "--include", paramLabel = "REGEX",
            description = "only benchmarks whose name or key (Class.method params) contains a match")
    private Pattern include;

    @Option(names = "--markdown", description = "print a Markdown table (to paste into the pull request)")
    private boolean markdown;

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Compare());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("compare: " + e.getMessage());
            return 2;
        });
        return cli;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Predicate<String> filter = include == null ? s -> true : include.asPredicate();
        Comparison.Report report = Comparison.compare(JmhResult.read(baseline), JmhResult.read(candidate), threshold, filter);
        if (report.rows().isEmpty()) {
            spec.commandLine().getErr().println("compare: no benchmark is in both files");
            return 2;
        }
        out.print(render(report, threshold, markdown));
        out.flush();
        return report.regressed() ? 1 : 0;
    }

    static String render(Comparison.Report report, double threshold, boolean markdown) {
        String pct = percent(threshold);
        List<String> header = List.of("benchmark", "baseline", "candidate", "unit", "ratio", "B/op base → cand", "verdict");
        List<List<String>> rows = new ArrayList<>();
        for (Comparison c : report.rows()) {
            String verdict = switch (c.verdict()) {
                case REGRESSED -> markdown ? "**REGRESSED**" : "REGRESSED";
                case IMPROVED -> "improved";
                case WITHIN_THRESHOLD -> "within " + pct;
                case NOISE -> "noise (CIs overlap)";
            };
            String alloc = Double.isNaN(c.baseline().allocPerOp()) && Double.isNaN(c.candidate().allocPerOp()) ? ""
                    : Format.allocation(c.baseline().allocPerOp()) + " → " + Format.allocation(c.candidate().allocPerOp());
            rows.add(List.of(c.key(),
                    Format.scoreWithError(c.baseline().score(), c.baseline().error()),
                    Format.scoreWithError(c.candidate().score(), c.candidate().error()),
                    c.candidate().unit(),
                    String.format(Locale.ROOT, "%.3f", c.ratio()),
                    alloc,
                    verdict));
        }
        StringBuilder out = new StringBuilder();
        out.append(markdown ? Format.markdownTable(header, rows, "lrrlrrl") : Format.textTable(header, rows, "lrrlrrl"));
        out.append('\n');
        java.util.Set<String> settings = new java.util.TreeSet<>();
        report.rows().forEach(c -> settings.add("baseline " + c.baseline().settings() + ", candidate " + c.candidate().settings()));
        if (report.rows().stream().anyMatch(c -> !c.baseline().settings().equals(c.candidate().settings()))) {
            settings.forEach(s -> out.append(markdown ? "- " : "").append("warning: runs differ in JMH settings: ").append(s).append('\n'));
        }
        if (report.rows().stream().anyMatch(c -> !c.baseline().hasInterval() || !c.candidate().hasInterval())) {
            out.append(markdown ? "- " : "").append("warning: some scores have no confidence interval (one sample); "
                    + "those rows are judged by the threshold alone\n");
        }
        report.onlyInBaseline().forEach(k -> out.append(markdown ? "- " : "").append("only in baseline: ").append(k).append('\n'));
        report.onlyInCandidate().forEach(k -> out.append(markdown ? "- " : "").append("only in candidate: ").append(k).append('\n'));
        out.append(String.format(Locale.ROOT,
                "%s%d compared: %d regressed, %d improved, %d within %s, %d noise (threshold %s, noise = overlapping 99.9%% CIs)%s%n",
                markdown ? "**" : "", report.rows().size(), report.count(Verdict.REGRESSED), report.count(Verdict.IMPROVED),
                report.count(Verdict.WITHIN_THRESHOLD), pct, report.count(Verdict.NOISE), pct, markdown ? "**" : ""));
        return out.toString();
    }

    private static String percent(double fraction) {
        return new java.math.BigDecimal(fraction * 100).stripTrailingZeros().round(new java.math.MathContext(4))
                .stripTrailingZeros().toPlainString() + "%";
    }

    /** {@code 10%} or {@code 0.10}; a bare {@code 10} is refused as ambiguous. */
    static final class ThresholdConverter implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            String v = value.strip();
            double threshold;
            try {
                threshold = v.endsWith("%") ? Double.parseDouble(v.substring(0, v.length() - 1).strip()) / 100
                        : Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("not a threshold: '" + value + "' (write 10% or 0.10)");
            }
            if (!v.endsWith("%") && threshold >= 1) {
                throw new CommandLine.TypeConversionException("ambiguous threshold '" + value + "': write 10% or 0.10");
            }
            if (!(threshold >= 0)) {
                throw new CommandLine.TypeConversionException("the threshold must not be negative: '" + value + "'");
            }
            return threshold;
        }
    }
}
