package dev.etaglab.bench.report;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    private static final String BENCH = "dev.etaglab.bench.";

    @TempDir
    Path dir;

    private static JmhJson suite() {
        return new JmhJson()
                .avgt(BENCH + "ContentHashCost.baseline", Map.of(), 0.5, 0.01)
                .avgt(BENCH + "ContentHashCost.readFloor", Map.of("size", "1KiB"), 25.6, 0.1)
                .row(BENCH + "ContentHashCost.perRequest", "avgt", Map.of("size", "1KiB", "strategy", "sha256"),
                        512, 5, "ns/op", 800)
                .avgt(BENCH + "CachedOnWriteCost.cachedOnWrite", Map.of("hash", "sha256", "size", "1KiB"), 1.28, 0.01)
                .row(BENCH + "NotModifiedDecision.decide", "avgt", Map.of("client", "browser"), 900, 20, "ns/op", 2400);
    }

    @Test
    void sizeParamsAreBinaryUnits() {
        assertThat(Report.bytes("1KiB").getAsDouble(), is(1024.0));
        assertThat(Report.bytes("20KiB").getAsDouble(), is(20480.0));
        assertThat(Report.bytes("1MiB").getAsDouble(), is(1048576.0));
        assertThat(Report.bytes("large").isPresent(), is(false));
    }

    @Test
    void bandwidthIsBodyBytesOverTimeAndOnlyForWholeBodyPasses() throws IOException {
        List<Report.Row> rows = Report.derive(JmhResult.read(suite().write(dir.resolve("jmh.json"))));

        assertThat(rows.get(1).gigabytesPerSecond(), closeTo(40.0, 1e-9));   // readFloor: 1024 B / 25.6 ns
        assertThat(rows.get(2).gigabytesPerSecond(), closeTo(2.0, 1e-9));    // perRequest: 1024 B / 512 ns
        assertThat(Double.isNaN(rows.get(3).gigabytesPerSecond()), is(true)); // cachedOnWrite reads no body
    }

    @Test
    void everyRowWithASizeIsDividedByTheReadFloorOfThatSize() throws IOException {
        List<Report.Row> rows = Report.derive(JmhResult.read(suite().write(dir.resolve("jmh.json"))));

        assertThat(rows.get(1).floorRatio(), closeTo(1.0, 1e-9));
        assertThat(rows.get(2).floorRatio(), closeTo(20.0, 1e-9));
        assertThat(rows.get(3).floorRatio(), closeTo(0.05, 1e-9));
        assertThat(Double.isNaN(rows.get(0).floorRatio()), is(true));         // baseline has no size
        assertThat(Double.isNaN(rows.get(4).floorRatio()), is(true));
    }

    @Test
    void writesATableAndASelfContainedChartFromTheJson() throws IOException {
        suite().write(dir.resolve(Report.JMH_JSON));
        Files.writeString(dir.resolve(Report.RUN_JSON), """
                {"mode":"full","started":"2026-01-01T00:00:00Z","durationSeconds":1500.0,
                 "git":{"commit":"0123456789abcdef","dirty":false,"branch":"main"},
                 "jdk":{"vendor":"Eclipse Adoptium","version":"25.0.3+9-LTS","vm":"OpenJDK 64-Bit Server VM","flags":{"UseSHA":"true"}},
                 "cpu":{"model":"AMD EPYC","logicalCores":2,"flags":["sha_ni","avx2"]},
                 "os":"Linux","loadAverage1m":{"before":0.1,"after":0.9},"tmpdir":{"filesystem":"ext4"},
                 "command":{"maven":"mvn -B -pl bench-jmh -am package -DskipTests -Pbench-full","reproduce":"java -jar ..."},
                 "jmh":{"version":"1.37","args":["-prof","gc"]}}
                """);

        Report.write(dir);

        String md = Files.readString(dir.resolve(Report.RESULTS_MD));
        assertThat(md, containsString("# JMH results: full mode"));
        assertThat(md, containsString("`0123456789abcdef` on main"));
        assertThat(md, containsString("`mvn -B -pl bench-jmh -am package -DskipTests -Pbench-full`"));
        assertThat(md, containsString("| perRequest | size=1KiB strategy=sha256 | 512 | 5.00 | ns/op | 2.00 | 20.0× | 800 |"));
        assertThat(md, containsString("| decide | client=browser | 900 | 20.0 | ns/op |  |  | 2,400 |"));
        assertThat(md, not(containsString("indicative only")));

        String html = Files.readString(dir.resolve(Report.CHART_HTML));
        assertThat(html.length(), greaterThan(500_000));                     // ECharts is inlined
        assertThat(html, containsString("\"label\":\"perRequest size=1KiB strategy=sha256\""));
        assertThat(html.split("</script>", -1).length - 1, is(2));           // library + data, nothing else closes
    }

    @Test
    void quickRunsAreMarkedAsIndicative() throws IOException {
        suite().write(dir.resolve(Report.JMH_JSON));
        Files.writeString(dir.resolve(Report.RUN_JSON), "{\"mode\":\"quick\"}");

        Report.write(dir);

        assertThat(Files.readString(dir.resolve(Report.RESULTS_MD)), containsString("quick mode: indicative only"));
    }

    @Test
    void inlinedScriptsCannotCloseTheirElement() {
        assertThat(ChartPage.script("a</script>b"), is("a<\\/script>b"));
        // The bundled library must survive the same escaping (it is code, not a string, where it matters).
        assertThat(ChartPage.echarts(), not(containsString("</script")));
    }
}
