package dev.etaglab.gatling;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The soak sampler on a real JVM (this one): /proc figures and jcmd's heap after GC, start and end. */
class ResourceSamplerTest {

    @TempDir
    Path dir;

    @Test
    void samplesOpenFilesThreadsAndHeapAfterGcAtBothEndsOfTheWindow() throws Exception {
        long now = System.currentTimeMillis();
        var sampler = new ResourceSampler(() -> Map.of("self", ProcessHandle.current().pid()), now, now + 2_500);
        Thread thread = Thread.ofPlatform().start(sampler);
        thread.join(60_000);

        List<ProcessResources> summary = sampler.summary();
        assertThat(summary, hasSize(1));
        ProcessResources self = summary.getFirst();
        assertThat(self.process(), is("self"));
        assertThat(self.openFilesEnd(), greaterThan(0L));
        assertThat(self.threadsEnd(), greaterThan(0L));
        assertThat(self.rssKibEnd(), greaterThan(0L));
        assertThat(self.heapAfterGcKibStart(), greaterThan(0L));
        assertThat(self.heapAfterGcKibEnd(), greaterThan(0L));
        Path csv = dir.resolve("resources.csv");
        sampler.writeCsv(csv);
        assertThat(Files.readAllLines(csv).size(), is(3)); // header + two samples with heap
    }

    @Test
    void aWindowThatEndsBeforeItStartsSamplesNothing() {
        long now = System.currentTimeMillis();
        var sampler = new ResourceSampler(() -> Map.of("self", ProcessHandle.current().pid()), now + 60_000, now);
        sampler.run();
        assertThat(sampler.summary(), hasSize(0));
    }
}
