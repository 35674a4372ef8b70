package dev.etaglab.support.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The rows a hostile-request suite writes to {@code target/reliability/<name>.tsv} (or the directory in
 * {@code etaglab.reliability.dir}), one per case: what was sent, the rule, what was expected and what
 * happened. {@code scripts/reliability-report.sh} turns them into the tables of {@code results/reliability/}.
 */
public final class HostileCaseLog {
    private static final String HEADER = "case\trule\texpected\tactual\tetag_unchanged\thealthy_after";

    private final String name;
    private final List<String> rows = Collections.synchronizedList(new ArrayList<>());

    /** @param name the file's name without {@code .tsv}, e.g. {@code server-hostile} */
    public HostileCaseLog(String name) {
        this.name = name;
    }

    public void record(String hostileCase, String rule, String expected, String actual, boolean unchanged,
                       boolean healthy) {
        rows.add(String.join("\t", hostileCase, rule, expected, actual, unchanged ? "yes" : "NO", healthy ? "yes" : "NO"));
    }

    /** Writes the rows, sorted by case, under a header line. */
    public void write() throws IOException {
        Path out = Path.of(System.getProperty("etaglab.reliability.dir", "target/reliability"));
        Files.createDirectories(out);
        List<String> sorted = new ArrayList<>(rows);
        Collections.sort(sorted);
        sorted.addFirst(HEADER);
        Files.write(out.resolve(name + ".tsv"), sorted, StandardCharsets.UTF_8);
    }

    /** How a duration reads in a row: "2.4 s". */
    public static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
