package dev.etaglab.bench.report;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchRunTest {

    private static final Path JSON = Path.of("results/jmh/quick/jmh.json");

    @Test
    void everyModeFailsOnErrorAndWritesJson() {
        for (BenchRun.Mode mode : BenchRun.Mode.values()) {
            List<String> args = BenchRun.jmhArgs(mode, "", ".*", JSON);

            assertThat(mode + " fails on error", containsInOrder(args, "-foe", "true"), is(true));
            assertThat(mode + " writes JSON", containsInOrder(args, "-rf", "json", "-rff", JSON.toString()), is(true));
            assertThat(mode + " profiles allocation", containsInOrder(args, "-prof", "gc"), is(true));
        }
    }

    @Test
    void fullModeKeepsTheAnnotatedForksAndIterations() {
        List<String> args = BenchRun.jmhArgs(BenchRun.Mode.full, "", ".*", JSON);

        assertThat(args, not(hasItem("-f")));
        assertThat(args, not(hasItem("-wi")));
        assertThat(args, not(hasItem("-i")));
    }

    @Test
    void quickModeIsOneShortFork() {
        List<String> args = BenchRun.jmhArgs(BenchRun.Mode.quick, "", ".*", JSON);

        assertThat(containsInOrder(args, "-f", "1"), is(true));
    }

    @Test
    void extraArgsAreSplitAndTheIncludeGoesLast() {
        List<String> args = BenchRun.jmhArgs(BenchRun.Mode.quick, "  -p size=1MiB ", "ContentHashCost", JSON);

        assertThat(containsInOrder(args, "-p", "size=1MiB"), is(true));
        assertThat(args.getLast(), is("ContentHashCost"));
        assertThat(String.join(" ", BenchRun.jmhArgs(BenchRun.Mode.quick, "", ".*", JSON)), endsWith("jmh.json"));
    }

    private static boolean containsInOrder(List<String> args, String... run) {
        return Collections.indexOfSubList(args, List.of(run)) >= 0;
    }
}
