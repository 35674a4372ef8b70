package dev.etaglab.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One row of a JMH JSON result file ({@code -rf json}): a benchmark method with one combination of
 * {@code @Param} values.
 *
 * @param benchmark       the fully qualified method, {@code dev.etaglab.bench.ContentHashCost.perRequest}
 * @param mode            JMH's short mode name: {@code avgt}, {@code thrpt}, {@code sample}, {@code ss}
 * @param params          the {@code @Param} values, sorted by name
 * @param score           the primary metric
 * @param error           half-width of JMH's confidence interval (99.9% by default), NaN when JMH had
 *                        too few samples to compute one
 * @param ciLow           lower bound of that interval ({@code score} when there is none)
 * @param ciHigh          upper bound of that interval ({@code score} when there is none)
 * @param unit            the primary metric's unit, e.g. {@code ns/op} or {@code ops/s}
 * @param allocPerOp      {@code gc.alloc.rate.norm} in B/op when run with {@code -prof gc}, else NaN
 * @param forks           forks JMH ran
 * @param samples         measurement samples behind the score (forks × iterations)
 * @param settings        "3 forks, warm-up 5 × 1 s, measurement 5 × 1 s"
 */
public record JmhResult(String benchmark, String mode, Map<String, String> params, double score, double error,
                        double ciLow, double ciHigh, String unit, double allocPerOp, int forks, int samples,
                        String settings) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public JmhResult {
        params = Collections.unmodifiableMap(new TreeMap<>(params));
    }

    public static List<JmhResult> read(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        if (root == null || !root.isArray()) {
            throw new IOException(file + " is not a JMH JSON result file (expected an array)");
        }
        List<JmhResult> results = new ArrayList<>();
        for (JsonNode row : root) {
            results.add(of(row));
        }
        return results;
    }

    static JmhResult of(JsonNode row) {
        JsonNode primary = row.path("primaryMetric");
        if (!row.hasNonNull("benchmark") || !primary.has("score")) {
            throw new IllegalArgumentException("not a JMH result row: " + row);
        }
        Map<String, String> params = new TreeMap<>();
        row.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
        double score = number(primary.path("score"));
        double error = number(primary.path("scoreError"));
        JsonNode ci = primary.path("scoreConfidence");
        double low = ci.size() == 2 ? number(ci.get(0)) : Double.NaN;
        double high = ci.size() == 2 ? number(ci.get(1)) : Double.NaN;
        if (Double.isNaN(error) || Double.isNaN(low) || Double.isNaN(high)) {
            // One sample (e.g. a smoke run): no interval, the score is all we know.
            low = score;
            high = score;
        }
        double alloc = number(row.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score"));
        int samples = 0;
        for (JsonNode fork : primary.path("rawData")) {
            samples += fork.size();
        }
        int forks = row.path("forks").asInt();
        String settings = "%d fork%s, warm-up %d × %s, measurement %d × %s".formatted(forks, forks == 1 ? "" : "s",
                row.path("warmupIterations").asInt(), row.path("warmupTime").asText("?"),
                row.path("measurementIterations").asInt(), row.path("measurementTime").asText("?"));
        return new JmhResult(row.get("benchmark").asText(), row.path("mode").asText(), params, score, error,
                low, high, primary.path("scoreUnit").asText(), alloc, forks, samples, settings);
    }

    // JMH writes "NaN" (a string) where a number is undefined.
    private static double number(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return Double.NaN;
        }
        return node.isNumber() ? node.asDouble() : node.asDouble(Double.NaN);
    }

    /** {@code ContentHashCost} for {@code dev.etaglab.bench.ContentHashCost.perRequest}. */
    public String className() {
        String owner = benchmark.substring(0, Math.max(0, benchmark.lastIndexOf('.')));
        return owner.substring(owner.lastIndexOf('.') + 1);
    }

    /** {@code perRequest} for {@code dev.etaglab.bench.ContentHashCost.perRequest}. */
    public String method() {
        return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    /** {@code size=1KiB strategy=sha256}, empty without params. */
    public String paramsText() {
        return params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    /** What identifies a row across two runs: class, method, mode and params. */
    public String key() {
        String p = paramsText();
        return className() + "." + method() + (p.isEmpty() ? "" : " " + p) + (mode.equals("avgt") ? "" : " [" + mode + "]");
    }

    public boolean hasInterval() {
        return !Double.isNaN(error);
    }
}
