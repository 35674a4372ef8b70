package dev.etaglab.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Turns one run folder ({@code jmh.json} and {@code run.json}) into {@code results.md} and
 * {@code chart.html}. Deterministic: rerunning it on committed JSON reproduces both files.
 *
 * <pre>
 *   java -cp bench-jmh/target/benchmarks.jar dev.etaglab.bench.report.Report results/jmh/full
 * </pre>
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Writes results.md and chart.html from the jmh.json (and run.json, if present) in DIR.")
public final class Report implements Callable<Integer> {

    static final String JMH_JSON = "jmh.json";
    static final String RUN_JSON = "run.json";
    static final String RESULTS_MD = "results.md";
    static final String CHART_HTML = "chart.html";

    /** The benchmark that reads every byte once; every row with a {@code size} is divided by it. */
    static final String READ_FLOOR = "readFloor";

    /** Methods that pass over the whole body, so body bytes / time is a bandwidth (GB/s). */
    static final Set<String> BODY_PASS = Set.of(READ_FLOOR, "perRequest");

    private static final Pattern SIZE = Pattern.compile("(\\d+)(B|KiB|MiB|GiB)");

    @Parameters(paramLabel = "DIR", description = "a run folder, e.g. results/jmh/quick")
    private Path dir;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Report()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        write(dir);
        System.out.println("report: wrote " + dir.resolve(RESULTS_MD) + " and " + dir.resolve(CHART_HTML));
        return 0;
    }

    /** One table row, with what the report derives from JMH's numbers. */
    record Row(JmhResult result, double bytes, double gigabytesPerSecond, double floorRatio) {
    }

    static void write(Path dir) throws IOException {
        List<JmhResult> results = JmhResult.read(dir.resolve(JMH_JSON));
        Path runFile = dir.resolve(RUN_JSON);
        JsonNode run = Files.exists(runFile) ? new ObjectMapper().readTree(runFile.toFile()) : null;
        List<Row> rows = derive(results);
        Files.writeString(dir.resolve(RESULTS_MD), markdown(rows, run), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(CHART_HTML), ChartPage.html(rows, run), StandardCharsets.UTF_8);
    }

    static List<Row> derive(List<JmhResult> results) {
        Map<String, Double> floorBySize = new LinkedHashMap<>();
        for (JmhResult r : results) {
            if (r.method().equals(READ_FLOOR) && r.params().containsKey("size")) {
                floorBySize.put(r.params().get("size"), r.score());
            }
        }
        List<Row> rows = new ArrayList<>();
        for (JmhResult r : results) {
            String size = r.params().get("size");
            double bytes = size == null ? Double.NaN : bytes(size).orElse(Double.NaN);
            boolean timePerOp = r.unit().equals("ns/op");
            double gbps = BODY_PASS.contains(r.method()) && timePerOp && !Double.isNaN(bytes) ? bytes / r.score() : Double.NaN;
            Double floor = size == null ? null : floorBySize.get(size);
            double ratio = floor != null && timePerOp && !r.method().equals("baseline") ? r.score() / floor : Double.NaN;
            rows.add(new Row(r, bytes, gbps, ratio));
        }
        // Stable: within a class, JMH's order (methods alphabetically, params as declared) is kept.
        rows.sort(Comparator.comparing((Row r) -> storyOrder(r.result().className())).thenComparing(r -> r.result().className()));
        return rows;
    }

    /** {@code 20KiB} → 20480. */
    static OptionalDouble bytes(String size) {
        Matcher m = SIZE.matcher(size);
        if (!m.matches()) {
            return OptionalDouble.empty();
        }
        long unit = switch (m.group(2)) {
            case "KiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            default -> 1;
        };
        return OptionalDouble.of(Long.parseLong(m.group(1)) * (double) unit);
    }

    static String markdown(List<Row> rows, JsonNode run) {
        StringBuilder md = new StringBuilder();
        String mode = run == null ? "" : run.path("mode").asText("");
        md.append("# JMH results").append(mode.isEmpty() ? "" : ": " + mode + " mode").append("\n\n");
        md.append("Generated by `dev.etaglab.bench.report.Report` from `jmh.json` and `run.json` in this folder; "
                + "do not edit (rerun the report instead). Charts: `chart.html`.\n\n");
        if (mode.equals("quick") || mode.equals("smoke")) {
            md.append("> **").append(mode).append(" mode: indicative only.** One short fork per benchmark; "
                    + "use `full` mode for evidence.\n\n");
        }
        md.append(environment(rows, run)).append('\n');
        md.append("""
                How to read it: *score* is JMH's average time per operation and *±* the half-width of its 99.9% \
                confidence interval. *GB/s* is body bytes / time (10⁹ B/s), for the benchmarks that pass over the \
                whole body. *× read floor* divides by `ContentHashCost.readFloor` at the same body size: the cost of \
                reading every byte once, which no content hash can beat. *B/op* is `gc.alloc.rate.norm` from \
                `-prof gc`: the garbage one operation leaves behind.

                """);
        Map<String, List<Row>> byClass = rows.stream()
                .collect(Collectors.groupingBy(r -> r.result().className(), LinkedHashMap::new, Collectors.toList()));
        List<String> header = List.of("benchmark", "params", "score", "± 99.9%", "unit", "GB/s", "× read floor", "B/op");
        byClass.forEach((className, classRows) -> {
            md.append("## ").append(className).append("\n\n");
            List<List<String>> table = new ArrayList<>();
            for (Row row : classRows) {
                JmhResult r = row.result();
                table.add(List.of(r.method(), r.paramsText(), Format.number(r.score()),
                        Double.isNaN(r.error()) ? "" : Format.number(r.error()), r.unit(),
                        Double.isNaN(row.gigabytesPerSecond()) ? "" : Format.number(row.gigabytesPerSecond()),
                        Double.isNaN(row.floorRatio()) ? "" : Format.number(row.floorRatio()) + "×",
                        Format.allocation(r.allocPerOp())));
            }
            md.append(Format.markdownTable(header, table, "llrrlrrr")).append('\n');
        });
        return md.toString();
    }

    /** The order the classes tell the story in; any other class follows, alphabetically. */
    private static final List<String> STORY = List.of("ContentHashCost", "CachedOnWriteCost", "NodeLocalStatCost",
            "NotModifiedDecision");

    private static int storyOrder(String className) {
        int i = STORY.indexOf(className);
        return i < 0 ? STORY.size() : i;
    }

    private static String environment(List<Row> rows, JsonNode run) {
        List<List<String>> env = new ArrayList<>();
        if (run != null) {
            JsonNode git = run.path("git");
            String dirty = git.path("dirty").isNull() ? " (dirty: unknown)" : git.path("dirty").asBoolean() ? " (**dirty**: uncommitted changes)" : "";
            env.add(List.of("commit", "`" + git.path("commit").asText("unknown") + "`" + dirty + " on " + git.path("branch").asText("?")));
            env.add(List.of("date", run.path("started").asText() + ", took " + run.path("durationSeconds").asText() + " s"));
            JsonNode jdk = run.path("jdk");
            env.add(List.of("JDK", jdk.path("vendor").asText() + " " + jdk.path("version").asText() + ", " + jdk.path("vm").asText()
                    + " " + flags(jdk.path("flags"))));
            JsonNode cpu = run.path("cpu");
            List<String> cpuFlags = new ArrayList<>();
            cpu.path("flags").forEach(f -> cpuFlags.add(f.asText()));
            env.add(List.of("CPU", cpu.path("model").asText() + ", " + cpu.path("logicalCores").asInt() + " logical cores; flags: "
                    + String.join(" ", cpuFlags)));
            env.add(List.of("OS", run.path("os").asText() + "; tmpdir " + run.path("tmpdir").path("filesystem").asText("?")));
            JsonNode load = run.path("loadAverage1m");
            env.add(List.of("load average (1 min)", load.path("before").asText("?") + " before, " + load.path("after").asText("?") + " after"));
            JsonNode command = run.path("command");
            if (!command.path("maven").isNull() && command.has("maven")) {
                env.add(List.of("command", "`" + command.path("maven").asText() + "`"));
            }
            env.add(List.of("reproduce", "`" + command.path("reproduce").asText() + "`"));
            env.add(List.of("JMH", run.path("jmh").path("version").asText()));
        }
        Set<String> settings = rows.stream().map(r -> r.result().settings()).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        env.add(List.of("settings", String.join("; ", settings)));
        return Format.markdownTable(List.of("run", ""), env, "ll");
    }

    private static String flags(JsonNode flags) {
        List<String> out = new ArrayList<>();
        flags.properties().forEach(e -> out.add(e.getKey() + "=" + e.getValue().asText()));
        return out.isEmpty() ? "" : "(" + String.join(", ", out) + ")";
    }
}
