package dev.etaglab.lb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * A live page on the admin port: 304 share, egress per response and responses per replica over time,
 * computed in the browser from successive scrapes of {@code /metrics} (the same counters a Prometheus
 * would read, so the page and the runbook's PromQL can never disagree). ECharts comes from its WebJar on
 * the classpath, so the page works with no network beyond the balancer.
 */
final class Dashboard implements HttpService {
    private static final String ECHARTS = "/META-INF/resources/webjars/echarts/" + echartsVersion() + "/dist/echarts.min.js";

    private final byte[] page = resource("/dev/etaglab/lb/dashboard.html");
    private final byte[] echarts = resource(ECHARTS);

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::page)
                .get("/echarts.min.js", this::echarts);
    }

    private void page(ServerRequest request, ServerResponse response) {
        response.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
        response.header(HeaderNames.CACHE_CONTROL, "no-cache");
        response.send(page);
    }

    private void echarts(ServerRequest request, ServerResponse response) {
        response.header(HeaderNames.CONTENT_TYPE, "text/javascript; charset=utf-8");
        response.header(HeaderNames.CACHE_CONTROL, "max-age=86400");
        response.send(echarts);
    }

    private static String echartsVersion() {
        try (InputStream in = Dashboard.class.getResourceAsStream(
                "/META-INF/maven/org.webjars.npm/echarts/pom.properties")) {
            var properties = new java.util.Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the ECharts WebJar is missing from the classpath", e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = Dashboard.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
