package dev.etaglab.lb;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** One read of {@code /metrics}, summed over the samples of a metric whose labels contain given texts. */
record Scrape(String text) {
    static Scrape of(RunningLb lb) {
        return of(lb.adminUri("/metrics"));
    }

    /** @param metrics the balancer's {@code /metrics} URL, e.g. of a cluster's lb.jar */
    static Scrape of(URI metrics) {
        HttpResponse<byte[]> response = TestClient.get(metrics);
        if (response.statusCode() != 200) {
            throw new AssertionError("/metrics answered " + response.statusCode());
        }
        return new Scrape(new String(response.body(), StandardCharsets.UTF_8));
    }

    /** Sum of the {@code name{...} value} samples whose labels contain every one of {@code labels}. */
    double sum(String name, String... labels) {
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            String series = line.substring(0, line.lastIndexOf(' '));
            String metric = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
            if (metric.equals(name) && Arrays.stream(labels).allMatch(series::contains)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
