package dev.etaglab.lb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** The packaged {@code lb.jar} runs on its own: manifest main class and {@code libs/} class path. */
class LbJarIT {
    @Test
    void packagedJarPrintsHelp() throws Exception {
        Process process = java("--help");

        assertThat(output(process), containsString("--egress-limit"));
        assertThat(process.exitValue(), is(0));
    }

    @Test
    void packagedJarRejectsABadOptionWithExitCode2() throws Exception {
        Process process = java("--port", "1");

        assertThat(output(process), containsString("Missing required option: '--backend=URL'"));
        assertThat(process.exitValue(), is(2));
    }

    private static Process java(String... args) throws IOException {
        String javaBinary = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(javaBinary, "-jar", System.getProperty("etaglab.lb.jar")));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static String output(Process process) throws Exception {
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("lb.jar did not exit");
        }
        return output;
    }
}
