package dev.etaglab.bench.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * A self-contained HTML page of charts: Apache ECharts (from its webjar, inlined so the page opens
 * offline and from a committed file) plus the run's numbers as JSON.
 */
final class ChartPage {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEBJAR = "META-INF/resources/webjars/echarts/%s/dist/echarts.min.js";
    private static final String WEBJAR_POM = "META-INF/maven/org.webjars.npm/echarts/pom.properties";

    private ChartPage() {
    }

    static String html(List<Report.Row> rows, JsonNode run) throws IOException {
        ArrayNode data = JSON.createArrayNode();
        for (Report.Row row : rows) {
            JmhResult r = row.result();
            ObjectNode o = data.addObject();
            o.put("cls", r.className());
            o.put("method", r.method());
            o.put("params", r.paramsText());
            o.put("label", r.method() + (r.paramsText().isEmpty() ? "" : " " + r.paramsText()));
            o.put("score", r.score());
            putNumber(o, "lo", r.ciLow());
            putNumber(o, "hi", r.ciHigh());
            putNumber(o, "error", r.error());
            o.put("unit", r.unit());
            putNumber(o, "gbps", row.gigabytesPerSecond());
            putNumber(o, "floor", row.floorRatio());
            putNumber(o, "alloc", r.allocPerOp());
            putNumber(o, "bytes", row.bytes());
            o.put("size", r.params().getOrDefault("size", ""));
            // The line a row belongs to in the bandwidth chart: everything but the size.
            o.put("series", r.className() + "." + r.method() + " " + r.params().entrySet().stream()
                    .filter(e -> !e.getKey().equals("size")).map(e -> e.getValue()).collect(Collectors.joining(" ")));
        }
        String title = "etag-lab JMH results" + (run == null ? "" : " (" + run.path("mode").asText() + " mode, "
                + run.path("git").path("commit").asText("?").substring(0, Math.min(10, run.path("git").path("commit").asText("?").length()))
                + ")");
        return PAGE.replace("@TITLE@", escapeHtml(title))
                .replace("@RUN@", script(run == null ? "null" : JSON.writeValueAsString(run)))
                .replace("@DATA@", script(json(data)))
                .replace("@ECHARTS@", script(echarts()));
    }

    private static void putNumber(ObjectNode o, String name, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            o.putNull(name);
        } else {
            o.put(name, value);
        }
    }

    private static String json(JsonNode node) throws JsonProcessingException {
        return JSON.writeValueAsString(node);
    }

    /** Text inside a script element must not contain its end tag. */
    static String script(String text) {
        return text.replace("</script", "<\\/script");
    }

    private static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String echarts() {
        ClassLoader loader = ChartPage.class.getClassLoader();
        try (InputStream pom = loader.getResourceAsStream(WEBJAR_POM)) {
            if (pom == null) {
                throw new IllegalStateException("the ECharts webjar is not on the class path (" + WEBJAR_POM + ")");
            }
            Properties properties = new Properties();
            properties.load(pom);
            String path = WEBJAR.formatted(properties.getProperty("version"));
            try (InputStream js = loader.getResourceAsStream(path)) {
                if (js == null) {
                    throw new IllegalStateException("the ECharts webjar has no " + path);
                }
                return new String(js.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>@TITLE@</title>
            <style>
              body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
              table { border-collapse: collapse; font-size: 0.9em; }
              td { padding: 2px 12px 2px 0; vertical-align: top; }
              .chart { width: 100%; margin-bottom: 2em; }
              .note { color: #555; font-size: 0.9em; }
            </style>
            <script>@ECHARTS@</script>
            </head>
            <body>
            <h1>@TITLE@</h1>
            <p class="note">Generated by dev.etaglab.bench.report.Report from jmh.json and run.json. Bars are JMH's
            average time per operation (log scale) with its 99.9% confidence interval; hover for GB/s, the ratio to the
            read floor and B/op. The numbers are in results.md.</p>
            <table id="run"></table>
            <div id="charts"></div>
            <script>
            const RUN = @RUN@;
            const DATA = @DATA@;
            const fmt = v => v == null ? 'n/a' : (Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en')
                : Math.abs(v) >= 10 ? v.toFixed(1) : v.toPrecision(3));
            if (RUN) {
              const t = document.getElementById('run');
              const add = (k, v) => { const tr = t.insertRow(); tr.insertCell().textContent = k; tr.insertCell().textContent = v; };
              add('commit', RUN.git.commit + (RUN.git.dirty ? ' (dirty)' : '') + ' on ' + RUN.git.branch);
              add('date', RUN.started + ', took ' + RUN.durationSeconds + ' s');
              add('JDK', RUN.jdk.vendor + ' ' + RUN.jdk.version);
              add('CPU', RUN.cpu.model + ', ' + RUN.cpu.logicalCores + ' logical cores; ' + RUN.cpu.flags.join(' '));
              add('load average', (RUN.loadAverage1m.before ?? '?') + ' before, ' + (RUN.loadAverage1m.after ?? '?') + ' after');
              add('JMH args', RUN.jmh.args.join(' '));
            }
            const root = document.getElementById('charts');
            function chart(title, height, option) {
              const h = document.createElement('h2');
              h.textContent = title;
              const div = document.createElement('div');
              div.className = 'chart';
              div.style.height = height + 'px';
              root.append(h, div);
              echarts.init(div).setOption(option);
            }
            function details(r) {
              return r.cls + '.' + r.label + '<br>' + fmt(r.score) + (r.error == null ? '' : ' ± ' + fmt(r.error)) + ' ' + r.unit
                + (r.gbps == null ? '' : '<br>' + fmt(r.gbps) + ' GB/s')
                + (r.floor == null ? '' : '<br>' + r.floor.toFixed(2) + '× read floor')
                + (r.alloc == null ? '' : '<br>' + fmt(r.alloc) + ' B/op');
            }

            // Bandwidth against body size: where a hash stops being "free" and how far it is from the floor.
            const bw = DATA.filter(r => r.gbps != null).sort((a, b) => a.bytes - b.bytes);
            if (bw.length) {
              const sizes = [...new Set(bw.map(r => r.size))];
              const names = [...new Set(bw.map(r => r.series))];
              chart('Bandwidth by body size (GB/s, higher is better)', 420, {
                tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { top: 60 },
                xAxis: { type: 'category', name: 'body', data: sizes },
                yAxis: { type: 'value', name: 'GB/s' },
                series: names.map(n => ({ name: n, type: 'line', symbolSize: 8,
                  data: sizes.map(s => { const r = bw.find(x => x.series === n && x.size === s); return r ? r.gbps : null; }) }))
              });
            }

            // One chart per benchmark class: time per operation with the confidence interval as an error bar.
            const classes = [...new Set(DATA.map(r => r.cls))];
            for (const cls of classes) {
              const rows = DATA.filter(r => r.cls === cls);
              const positive = v => Math.max(v, 1e-3);
              chart(cls + ' (' + rows[0].unit + ', log scale, lower is better)', 80 + 26 * rows.length, {
                grid: { left: 320, right: 40 },
                tooltip: { formatter: p => details(rows[p.dataIndex]) },
                yAxis: { type: 'category', inverse: true, data: rows.map(r => r.label) },
                xAxis: { type: 'log', name: rows[0].unit },
                series: [
                  { type: 'bar', data: rows.map(r => positive(r.score)), itemStyle: { color: '#5470c6' } },
                  { type: 'custom', z: 10, encode: { x: [1, 2], y: 0 },
                    data: rows.map((r, i) => [i, positive(r.lo ?? r.score), positive(r.hi ?? r.score)]),
                    renderItem: (params, api) => {
                      const lo = api.coord([api.value(1), api.value(0)]);
                      const hi = api.coord([api.value(2), api.value(0)]);
                      const h = api.size([0, 1])[1] * 0.25;
                      const style = { stroke: '#222', lineWidth: 1.5 };
                      return { type: 'group', children: [
                        { type: 'line', shape: { x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1] }, style },
                        { type: 'line', shape: { x1: lo[0], y1: lo[1] - h, x2: lo[0], y2: lo[1] + h }, style },
                        { type: 'line', shape: { x1: hi[0], y1: hi[1] - h, x2: hi[0], y2: hi[1] + h }, style }] };
                    } }
                ]
              });
            }

            // Allocation per operation, for the rows that allocate at all.
            const alloc = DATA.filter(r => r.alloc != null && r.alloc >= 0.5);
            if (alloc.length) {
              chart('Allocation per operation (B/op, from -prof gc)', 80 + 26 * alloc.length, {
                grid: { left: 320, right: 40 },
                tooltip: { formatter: p => details(alloc[p.dataIndex]) },
                yAxis: { type: 'category', inverse: true, data: alloc.map(r => r.cls + '.' + r.label) },
                xAxis: { type: 'value', name: 'B/op' },
                series: [{ type: 'bar', data: alloc.map(r => r.alloc), itemStyle: { color: '#91cc75' } }]
              });
            }
            </script>
            </body>
            </html>
            """;
}
