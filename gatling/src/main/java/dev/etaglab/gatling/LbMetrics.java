package dev.etaglab.gatling;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of the load balancer's {@code /metrics}: responses and egress bytes by status code,
 * summed over backends. The balancer counts bytes as written (status line, headers and body), which
 * is what egress means.
 *
 * @param epochMillis when the scrape was requested: every response the balancer had finished writing
 *                    by then is in the counters
 * @param responses   {@code lb_responses_total} by code
 * @param egressBytes {@code lb_egress_bytes_total} by code
 */
public record LbMetrics(long epochMillis, Map<String, Long> responses, Map<String, Long> egressBytes) {

    // name{labels} value — the Prometheus text format (we only read counters we know).
    private static final Pattern SAMPLE = Pattern.compile("^(lb_responses_total|lb_egress_bytes_total)\\{([^}]*)}\\s+(\\S+)");
    private static final Pattern CODE = Pattern.compile("code=\"(\\d+)\"");

    public static LbMetrics scrape(HttpClient http, URI admin) throws IOException, InterruptedException {
        long requested = System.currentTimeMillis();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(admin.resolve("/metrics"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + admin + "/metrics answered " + response.statusCode());
        }
        return parse(requested, response.body());
    }

    /** Whether lb.jar has {@code backend} ({@code host:port}) in rotation: its {@code lb_backend_up} gauge. */
    static boolean backendUp(HttpClient http, URI admin, String backend) throws IOException, InterruptedException {
        String text = http.send(HttpRequest.newBuilder(admin.resolve("/metrics")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String prefix = "lb_backend_up{backend=\"" + backend + "\"}";
        return text.lines().filter(line -> line.startsWith(prefix)).findFirst()
                .map(line -> Double.parseDouble(line.substring(prefix.length()).strip()) == 1.0)
                .orElseThrow(() -> new IOException("no lb_backend_up sample for " + backend + " on " + admin));
    }

    static LbMetrics parse(long epochMillis, String text) {
        Map<String, Long> responses = new TreeMap<>();
        Map<String, Long> egress = new TreeMap<>();
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!m.find()) {
                continue;
            }
            Matcher code = CODE.matcher(m.group(2));
            if (!code.find()) {
                continue;
            }
            long value = (long) Double.parseDouble(m.group(3));
            (m.group(1).equals("lb_responses_total") ? responses : egress).merge(code.group(1), value, Long::sum);
        }
        return new LbMetrics(epochMillis, responses, egress);
    }

    /** Counter increase from {@code earlier} to this scrape, for the given status codes. */
    public long responsesSince(LbMetrics earlier, String... codes) {
        return delta(responses, earlier.responses, codes);
    }

    public long egressSince(LbMetrics earlier, String... codes) {
        return delta(egressBytes, earlier.egressBytes, codes);
    }

    /** Bytes written for every status since {@code earlier}: what the kernel's socket counters are held against. */
    public long egressSinceForEveryStatus(LbMetrics earlier) {
        return delta(egressBytes, earlier.egressBytes, egressBytes.keySet().toArray(String[]::new));
    }

    private static long delta(Map<String, Long> now, Map<String, Long> then, String... codes) {
        long sum = 0;
        for (String code : codes) {
            sum += now.getOrDefault(code, 0L) - then.getOrDefault(code, 0L);
        }
        return sum;
    }
}
