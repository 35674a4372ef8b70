package dev.etaglab.gatling;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import dev.etaglab.gatling.RunResult.PhaseResult;
import dev.etaglab.gatling.RunResult.Second;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison page in a real browser: headless Chromium (Debian's {@code chromium}, installed by
 * {@code .ci/run}) loads it from disk with the network off, and the DOM it leaves behind must hold the
 * three rendered charts and no script error.
 */
class ComparisonPageIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @TempDir
    Path dir;

    @Test
    void rendersThreeChartsWithoutScriptErrors() throws Exception {
        assertThat("headless Chromium is needed: apt-get install chromium (.ci/run does)", Files.isExecutable(CHROMIUM),
                is(true));
        Path page = dir.resolve("comparison.html");
        List<RunResult> runs = List.of(run("before", "mtime", 0.05), run("after", "sha256-cached", 1.0));
        Files.writeString(page, ComparisonPage.html(runs, ComparisonTable.markdown(runs)), StandardCharsets.UTF_8);

        String dom = dumpDom(page);

        assertThat(dom, containsString("data-charts-rendered=\"3\""));
        assertThat(dom, not(containsString("data-errors")));
        assertThat(countOf(dom, "<canvas"), is(3));
    }

    @Test
    void matrixPageRendersMeasuredAgainstModelWithoutScriptErrors() throws Exception {
        assertThat("headless Chromium is needed: apt-get install chromium (.ci/run does)", Files.isExecutable(CHROMIUM),
                is(true));
        for (int seed = 1; seed <= 2; seed++) {
            Path pair = Files.createDirectories(dir.resolve("runs").resolve("cell-seed" + seed));
            ExperimentRun.writeJson(pair.resolve("run-before.json"), run("before", "mtime", 0.3 + seed / 100.0));
            ExperimentRun.writeJson(pair.resolve("run-after.json"), run("after", "sha256-cached", 1.0));
        }
        MatrixReport.read(dir.resolve("runs")).write(dir, "./lab experiment matrix --repetitions 2");

        String dom = dumpDom(dir.resolve("matrix.html"));

        assertThat(dom, containsString("data-charts-rendered=\"2\""));
        assertThat(dom, not(containsString("data-errors")));
        assertThat(countOf(dom, "<canvas"), is(2));
        assertThat(Files.readString(dir.resolve("matrix.md")), containsString("| round-robin | 3 | 20 | jittered | 31.5 % ± "));
    }

    /* Headless Chromium loads the page from disk with the network off; what the DOM holds afterwards. */
    private String dumpDom(Path page) throws Exception {
        Process chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + dir.resolve("profile"), "--virtual-time-budget=5000",
                "--dump-dom", page.toUri().toString())
                .redirectError(dir.resolve("chromium.log").toFile())
                .start();
        String dom = new String(chromium.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat("chromium finished", chromium.waitFor(60, TimeUnit.SECONDS), is(true));
        return dom;
    }

    private static int countOf(String text, String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }

    private static RunResult run(String name, String etag, double rate) {
        RunSettings settings = RunSettings.fromProperties(new java.util.Properties()).as(name, etag);
        var phase = new PhaseResult("max-age", 100, 30, 70, 10, 20, 20, (long) (20 * rate), rate, 30, 200_000,
                200_000, 1.0, 2000, 3.0, 0, 0, 0, 200_000, 1_000, 0, 200_000);
        var revalidation = new PhaseResult("revalidation", 100, 100, 0, 10, 90, 90, (long) (90 * rate), rate, 100,
                300_000, 300_000, 1.0, 3000, 1.0, 0, 0, 0, 300_000, 2_000, 0, 300_000);
        List<Second> timeline = List.of(new Second(0, 10, 10, 0, 200_000), new Second(1, 10, 2, 8, 41_000),
                new Second(2, 10, 0, 0, 0));
        return new RunResult(name, etag, "lb.jar", ExperimentProfile.named("ci"), List.of(phase, revalidation), List.of(),
                timeline, 1.0, 1.0, rate >= 0.99, List.of(), "wire-" + name + ".txt", "clients-" + name + ".csv", true, List.of(),
                List.of(), settings, RevalidationModel.of(settings, rate >= 0.99),
                List.of());
    }
}
