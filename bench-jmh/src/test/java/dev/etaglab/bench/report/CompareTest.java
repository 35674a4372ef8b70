package dev.etaglab.bench.report;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import dev.etaglab.bench.report.Comparison.Verdict;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CompareTest {

    private static final String HASH = "dev.etaglab.bench.ContentHashCost.perRequest";
    private static final Map<String, String> SHA_1K = Map.of("size", "1KiB", "strategy", "sha256");

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int compare(JmhJson baseline, JmhJson candidate, String... options) {
        CommandLine cli = Compare.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] args = new String[options.length + 2];
        args[0] = baseline.write(dir.resolve("base.json")).toString();
        args[1] = candidate.write(dir.resolve("cand.json")).toString();
        System.arraycopy(options, 0, args, 2, options.length);
        return cli.execute(args);
    }

    private static Verdict verdict(double baseScore, double baseError, double candScore, double candError, double threshold) {
        var report = Comparison.compare(
                List.of(result(baseScore, baseError, "ns/op")), List.of(result(candScore, candError, "ns/op")),
                threshold, s -> true);
        return report.rows().getFirst().verdict();
    }

    private static JmhResult result(double score, double error, String unit) {
        double low = Double.isNaN(error) ? score : score - error;
        double high = Double.isNaN(error) ? score : score + error;
        return new JmhResult(HASH, unit.startsWith("ops/") ? "thrpt" : "avgt", SHA_1K, score, error, low, high, unit,
                Double.NaN, 3, 15, "3 forks");
    }

    @Test
    void syntheticRegressionBeyondThresholdFailsTheBuild() {
        int exit = compare(new JmhJson().avgt(HASH, SHA_1K, 100, 2), new JmhJson().avgt(HASH, SHA_1K, 130, 2));

        assertThat(exit, is(1));
        assertThat(out.toString(), containsString("REGRESSED"));
        assertThat(out.toString(), containsString("1.300"));
    }

    @Test
    void noisyButNotRegressedIsNotFlagged() {
        // 25% slower on paper, but the 99.9% intervals [70, 130] and [95, 155] overlap.
        int exit = compare(new JmhJson().avgt(HASH, SHA_1K, 100, 30), new JmhJson().avgt(HASH, SHA_1K, 125, 30));

        assertThat(exit, is(0));
        assertThat(out.toString(), containsString("noise"));
        assertThat(out.toString(), not(containsString("REGRESSED")));
    }

    @Test
    void significantChangeInsideTheThresholdIsNotARegression() {
        assertThat(verdict(100, 1, 105, 1, 0.10), is(Verdict.WITHIN_THRESHOLD));
    }

    @Test
    void thresholdIsConfigurable() {
        JmhJson base = new JmhJson().avgt(HASH, SHA_1K, 100, 1);
        JmhJson cand = new JmhJson().avgt(HASH, SHA_1K, 105, 1);

        assertThat(compare(base, cand, "--threshold", "10%"), is(0));
        assertThat(compare(base, cand, "--threshold", "3%"), is(1));
        assertThat(compare(base, cand, "--threshold", "0.03"), is(1));
    }

    @Test
    void improvementIsNeverARegression() {
        assertThat(verdict(100, 1, 50, 1, 0.10), is(Verdict.IMPROVED));
    }

    @Test
    void throughputRegressesWhenItDrops() {
        var report = Comparison.compare(List.of(result(1000, 10, "ops/s")), List.of(result(800, 10, "ops/s")),
                0.10, s -> true);

        assertThat(report.rows().getFirst().verdict(), is(Verdict.REGRESSED));
        assertThat(report.rows().getFirst().slowdown(), closeTo(1.25, 1e-9));
    }

    @Test
    void unitsAreConvertedBeforeComparing() {
        var report = Comparison.compare(List.of(result(1.0, 0.01, "us/op")), List.of(result(1000, 10, "ns/op")),
                0.10, s -> true);

        assertThat(report.rows().getFirst().verdict(), is(Verdict.NOISE));
        assertThat(report.rows().getFirst().ratio(), closeTo(1.0, 1e-9));
    }

    @Test
    void singleSampleRunsCompareByThresholdAlone() {
        assertThat(verdict(100, Double.NaN, 120, Double.NaN, 0.10), is(Verdict.REGRESSED));
        assertThat(verdict(100, Double.NaN, 105, Double.NaN, 0.10), is(Verdict.WITHIN_THRESHOLD));
        assertThat(verdict(100, Double.NaN, 100, Double.NaN, 0.10), is(Verdict.NOISE));
    }

    @Test
    void benchmarksInOnlyOneRunAreListedButDoNotFail() {
        Map<String, String> sha1m = Map.of("size", "1MiB", "strategy", "sha256");
        int exit = compare(new JmhJson().avgt(HASH, SHA_1K, 100, 1).avgt(HASH, sha1m, 9000, 10),
                new JmhJson().avgt(HASH, SHA_1K, 100, 1).avgt(HASH + "Renamed", SHA_1K, 1, 0.1));

        assertThat(exit, is(0));
        assertThat(out.toString(), containsString("only in baseline: ContentHashCost.perRequest size=1MiB strategy=sha256"));
        assertThat(out.toString(), containsString("only in candidate: ContentHashCost.perRequestRenamed"));
    }

    @Test
    void includeRestrictsTheGate() {
        Map<String, String> sha1m = Map.of("size", "1MiB", "strategy", "sha256");
        JmhJson base = new JmhJson().avgt(HASH, SHA_1K, 100, 1).avgt(HASH, sha1m, 9000, 10);
        JmhJson cand = new JmhJson().avgt(HASH, SHA_1K, 100, 1).avgt(HASH, sha1m, 20000, 10);

        assertThat(compare(base, cand), is(1));
        assertThat(compare(base, cand, "--include", "size=1KiB"), is(0));
    }

    @Test
    void nothingInCommonIsAnErrorNotAPass() {
        int exit = compare(new JmhJson().avgt(HASH, SHA_1K, 100, 1), new JmhJson().avgt(HASH + "Other", SHA_1K, 100, 1));

        assertThat(exit, is(2));
        assertThat(err.toString(), containsString("no benchmark is in both files"));
    }

    @Test
    void unreadableInputIsAnError() {
        JmhJson base = new JmhJson().avgt(HASH, SHA_1K, 100, 1);
        CommandLine cli = Compare.commandLine();
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute(base.write(dir.resolve("base.json")).toString(), dir.resolve("missing.json").toString());

        assertThat(exit, is(2));
    }

    @Test
    void bareThresholdNumberIsRejectedAsAmbiguous() {
        int exit = compare(new JmhJson().avgt(HASH, SHA_1K, 100, 1), new JmhJson().avgt(HASH, SHA_1K, 100, 1),
                "--threshold", "10");

        assertThat(exit, is(2));
        assertThat(err.toString(), containsString("write 10% or 0.10"));
    }

    @Test
    void markdownOutputMarksRegressionsForThePullRequest() {
        int exit = compare(new JmhJson().avgt(HASH, SHA_1K, 100, 2), new JmhJson().avgt(HASH, SHA_1K, 130, 2), "--markdown");

        assertThat(exit, is(1));
        assertThat(out.toString(), containsString("| ContentHashCost.perRequest size=1KiB strategy=sha256 |"));
        assertThat(out.toString(), containsString("**REGRESSED**"));
    }

    @Test
    void runsWithDifferentSettingsAreFlaggedForTheReader() {
        JmhJson base = new JmhJson().avgt(HASH, SHA_1K, 100, 1);
        JmhJson cand = new JmhJson().avgt(HASH, SHA_1K, 100, Double.NaN);

        compare(base, cand);

        assertThat(out.toString(), containsString("warning: some scores have no confidence interval"));
    }

    @Test
    void helpDescribesTheExitCodes() {
        CommandLine cli = Compare.commandLine();
        cli.setOut(new PrintWriter(out, true));

        assertThat(cli.execute("--help"), is(0));
        assertThat(out.toString(), containsString("--threshold"));
        assertThat(out.toString(), containsString("at least one benchmark regressed"));
    }
}
