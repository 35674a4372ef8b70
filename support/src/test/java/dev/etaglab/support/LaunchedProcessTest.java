package dev.etaglab.support;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchedProcessTest {

    @TempDir
    Path dir;

    @Test
    void portFileHoldsThePortsSpaceSeparatedAndNoTempFileRemains() throws Exception {
        Path file = dir.resolve("replica.port");
        LaunchedProcess.writePortFile(file, 8080, 9090);
        assertThat(Files.readString(file), is("8080 9090"));
        try (var files = Files.list(dir)) {
            assertThat(files.count(), is(1L));
        }
    }

    @Test
    void rewritingReplacesTheWholeFile() throws Exception {
        Path file = dir.resolve("lb.port");
        LaunchedProcess.writePortFile(file, 12345, 23456);
        LaunchedProcess.writePortFile(file, 1);
        assertThat(Files.readString(file), is("1"));
    }
}
