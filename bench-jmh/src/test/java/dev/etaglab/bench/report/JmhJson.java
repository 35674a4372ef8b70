package dev.etaglab.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Builds JMH result files of the shape {@code -rf json} writes, with the numbers a test needs. */
final class JmhJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ArrayNode rows = JSON.createArrayNode();

    /** An avgt row in ns/op; NaN error means "one sample, no interval", as JMH writes it. */
    JmhJson avgt(String benchmark, Map<String, String> params, double score, double error) {
        return row(benchmark, "avgt", params, score, error, "ns/op", Double.NaN);
    }

    JmhJson row(String benchmark, String mode, Map<String, String> params, double score, double error, String unit,
                double allocPerOp) {
        ObjectNode row = rows.addObject();
        row.put("jmhVersion", "1.37");
        row.put("benchmark", benchmark);
        row.put("mode", mode);
        row.put("threads", 1);
        row.put("forks", 3);
        row.put("warmupIterations", 5);
        row.put("warmupTime", "1 s");
        row.put("measurementIterations", 5);
        row.put("measurementTime", "1 s");
        ObjectNode p = row.putObject("params");
        params.forEach(p::put);
        ObjectNode primary = row.putObject("primaryMetric");
        primary.put("score", score);
        ArrayNode ci = primary.putArray("scoreConfidence");
        if (Double.isNaN(error)) {
            primary.put("scoreError", "NaN");
            ci.add("NaN").add("NaN");
        } else {
            primary.put("scoreError", error);
            ci.add(score - error).add(score + error);
        }
        primary.put("scoreUnit", unit);
        ArrayNode raw = primary.putArray("rawData");
        for (int fork = 0; fork < 3; fork++) {
            raw.addArray().add(score).add(score).add(score).add(score).add(score);
        }
        ObjectNode secondary = row.putObject("secondaryMetrics");
        if (!Double.isNaN(allocPerOp)) {
            secondary.putObject("gc.alloc.rate.norm").put("score", allocPerOp).put("scoreUnit", "B/op");
        }
        return this;
    }

    Path write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            JSON.writeValue(file.toFile(), rows);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
