package dev.etaglab.lb;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import dev.etaglab.support.testing.RawHttp;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.helidon.http.HeaderNames;
import org.junit.jupiter.api.Test;

/**
 * The runbook's alerting rules ({@code lb/prometheus/revalidation.rules.yml}) with Prometheus's own tool:
 * they load, their unit tests pass (collapse pages, a content change and a quiet fleet do not), and every
 * metric they read is one a real balancer exports, in a format {@code promtool} accepts.
 */
class PrometheusRulesIT {
    private static final Path RULES_DIR = Path.of(System.getProperty("etaglab.repo.root", "..")).resolve("lb/prometheus");
    private static final Pattern LB_METRIC = Pattern.compile("\\blb_[a-z_]+\\b");

    @Test
    void rulesLoadAndTheirUnitTestsPass() throws Exception {
        Path promtool = ExternalTool.require("promtool", "prometheus");
        assertThat(run(promtool, null, "check", "rules", "revalidation.rules.yml"), is(""));
        assertThat(run(promtool, null, "test", "rules", "revalidation.rules.test.yml"), is(""));
    }

    @Test
    void everyMetricTheRulesReadIsExportedByARealBalancer() throws Exception {
        Path promtool = ExternalTool.require("promtool", "prometheus");
        String scrape;
        try (StubBackend backend = StubBackend.start(routing -> routing.get("/item", (request, response) -> {
                    response.header(HeaderNames.ETAG, "\"v1\"");
                    if (request.headers().contains(HeaderNames.IF_NONE_MATCH)) {
                        response.status(304).send();
                    } else {
                        response.send("{}");
                    }
                }));
             RunningLb lb = RunningLb.start(List.of(backend));
             RawHttp client = new RawHttp(lb.port())) {
            client.exchange("GET /item HTTP/1.1", "Host: lb");
            client.exchange("GET /item HTTP/1.1", "Host: lb", "If-None-Match: \"v1\"");
            scrape = TestClient.send(TestClient.request(lb.adminUri("/metrics")), HttpResponse.BodyHandlers.ofString())
                    .body();
        }
        assertThat(run(promtool, scrape, "check", "metrics"), is(""));

        Set<String> used = new TreeSet<>();
        Matcher m = LB_METRIC.matcher(Files.readString(RULES_DIR.resolve("revalidation.rules.yml")));
        while (m.find()) {
            used.add(m.group());
        }
        assertThat(used.isEmpty(), is(false));
        assertThat("read by the rules but not exported", used.stream()
                .filter(name -> !scrape.contains("\n" + name + "{")).toList(), is(empty()));
    }

    /** Runs promtool in the rules folder; returns its output when it failed, "" when it succeeded. */
    private static String run(Path promtool, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(RULES_DIR.toFile()).redirectErrorStream(true).start();
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat("promtool finished", process.waitFor(60, TimeUnit.SECONDS), is(true));
        return process.exitValue() == 0 ? "" : "promtool " + String.join(" ", args) + " failed:\n" + output;
    }
}
