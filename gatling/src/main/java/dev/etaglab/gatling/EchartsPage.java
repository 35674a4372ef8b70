package dev.etaglab.gatling;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The shell every chart page of the experiment shares: one self-contained HTML file with ECharts (from its
 * WebJar on Maven Central) inlined, so it renders offline; the page's data as one JSON object {@code data};
 * a {@code chart(id, option)} helper. The page marks itself {@code data-charts-rendered} (how many charts)
 * and records script errors in {@code data-errors}, which the headless-Chromium tests read.
 */
final class EchartsPage {

    static final String ECHARTS = "/META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";

    private EchartsPage() {
    }

    /**
     * @param title  the page title
     * @param body   HTML of the page body (headings, {@code <div id=… class="chart">} placeholders)
     * @param data   serialised to JSON as {@code data}
     * @param script JavaScript that calls {@code chart(id, option)} once per chart
     */
    static String html(String title, String body, Object data, String script) {
        String json;
        try {
            json = ExperimentRun.JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <title>%s</title>
                <style>
                  body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
                  .chart { width: 100%%; max-width: 1100px; height: 360px; margin-bottom: 2rem; }
                  pre { background: #f6f6f6; padding: 1rem; overflow-x: auto; font-size: 12px; }
                </style>
                <script>
                  window.addEventListener('error', function (e) {
                    document.documentElement.dataset.errors = (document.documentElement.dataset.errors || '') + e.message + ';';
                  });
                </script>
                <script>%s</script>
                </head>
                <body>
                %s
                <script>
                const data = %s;
                let rendered = 0;
                function chart(id, option) {
                  echarts.init(document.getElementById(id), null, { renderer: 'canvas' }).setOption(option);
                  rendered++;
                }
                %s
                document.documentElement.dataset.chartsRendered = String(rendered);
                </script>
                </body>
                </html>
                """.formatted(escape(title), echarts(), body, json.replace("</", "<\\/"), script);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String echarts() {
        try (InputStream in = EchartsPage.class.getResourceAsStream(ECHARTS)) {
            if (in == null) {
                throw new IllegalStateException("ECharts WebJar missing from the classpath: " + ECHARTS);
            }
            // Inlined inside <script>: a literal "</script" would end the element early.
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("</script", "<\\/script");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
