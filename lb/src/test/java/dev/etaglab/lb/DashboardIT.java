package dev.etaglab.lb;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import dev.etaglab.support.testing.RawHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.helidon.http.HeaderNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin port's live dashboard in a real browser (Debian's headless {@code chromium}, installed by
 * {@code .ci/run}): while a client revalidates through the balancer, the page scrapes {@code /metrics},
 * draws its three charts, and shows the 304 share the traffic really had — with no script error.
 */
class DashboardIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Pattern MEASURED = Pattern.compile("data-measured=\"(\\d+)\"");
    private static final Pattern RESPONSES = Pattern.compile("data-responses=\"(\\d+)\"");
    private static final Pattern SHARE = Pattern.compile("data-share-since-opened=\"([\\d.]+)\"");

    @TempDir
    Path dir;

    @Test
    void showsTheShareOfRevalidationsAnswered304WhileTrafficFlows() throws Exception {
        assertThat("headless Chromium is needed: apt-get install chromium (.ci/run does)", Files.isExecutable(CHROMIUM),
                is(true));
        try (StubBackend backend = StubBackend.start(routing -> routing.get("/item", (request, response) -> {
                    response.header(HeaderNames.ETAG, "\"v1\"");
                    if (request.headers().contains(HeaderNames.IF_NONE_MATCH)) {
                        response.status(304).send();
                    } else {
                        response.send("{\"id\":1}");
                    }
                }));
             RunningLb lb = RunningLb.start(List.of(backend))) {
            AtomicBoolean stop = new AtomicBoolean();
            // Three revalidations (304) for every full fetch (200): the page must show 75 %.
            Thread traffic = Thread.ofPlatform().start(() -> {
                try (RawHttp client = new RawHttp(lb.port())) {
                    while (!stop.get()) {
                        client.exchange("GET /item HTTP/1.1", "Host: lb");
                        for (int i = 0; i < 3; i++) {
                            client.exchange("GET /item HTTP/1.1", "Host: lb", "If-None-Match: \"v1\"");
                        }
                        Thread.sleep(5);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            String dom;
            try {
                Process chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-quic", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--user-data-dir=" + dir.resolve("profile"),
                        "--virtual-time-budget=5000", "--dump-dom", lb.adminUri("/dashboard?interval=0.5").toString())
                        .redirectError(dir.resolve("chromium.log").toFile())
                        .start();
                dom = new String(chromium.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat("chromium finished", chromium.waitFor(60, TimeUnit.SECONDS), is(true));
            } finally {
                stop.set(true);
                traffic.join(10_000);
            }
            assertThat(dom, containsString("data-charts-rendered=\"3\""));
            assertThat(dom, not(containsString("data-errors")));
            assertThat("a scrape failed", dom, not(containsString("class=\"alert\"")));
            assertThat(Integer.parseInt(group(MEASURED, dom)), greaterThanOrEqualTo(3));
            // At most one partial cycle of four at either end of the window, over many cycles.
            assertThat(Integer.parseInt(group(RESPONSES, dom)), greaterThanOrEqualTo(100));
            double share = Double.parseDouble(group(SHARE, dom));
            assertThat("304 share shown: " + share, Math.abs(share - 75.0) <= 5.0, is(true));
        }
    }

    private static String group(Pattern pattern, String dom) {
        Matcher m = pattern.matcher(dom);
        assertThat(pattern + " in the page's DOM", m.find(), is(true));
        return m.group(1);
    }
}
