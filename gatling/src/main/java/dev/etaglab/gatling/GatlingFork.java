package dev.etaglab.gatling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run (before or after) in its own Gatling JVM, as the Maven plugin would start it: the same classpath as
 * this JVM (which must hold the simulations, i.e. the gatling module's test classpath), the run's settings as
 * {@code -Dexperiment.*} properties, and the child stopping itself (and its cluster) if this JVM dies.
 *
 * <p>A fork per run, not Gatling in this JVM: Gatling keeps process-wide state between runs, and a run that
 * hangs can be killed without taking the whole matrix down.
 *
 * @param repoRoot the checkout (the replicas' and balancer's jars are under it)
 * @param timeout  how long one run may take before it is killed
 */
record GatlingFork(Path repoRoot, Duration timeout) {

    static final String SIMULATION = "dev.etaglab.gatling.simulations.PollingSimulation";

    /**
     * Runs and waits. The console goes to {@code console-<run>.txt} in {@code out}; Gatling's own HTML report
     * only when {@code reports} (a matrix of hundreds of runs keeps only our JSON).
     *
     * @return Gatling's exit code; the run's verdict is in {@code run-<run>.json}
     */
    int run(RunSettings settings, Path out, boolean reports) throws IOException, InterruptedException {
        Files.createDirectories(out);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                // What gatling-maven-plugin passes too: Gatling reflects into java.lang, and 1 GiB is its default heap.
                "-Xmx1g", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-Dexperiment.out=" + out.toAbsolutePath(),
                "-Dexperiment.repoRoot=" + repoRoot.toAbsolutePath(),
                "-Dexperiment.parentPid=" + ProcessHandle.current().pid()));
        settings.toProperties().forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("io.gatling.app.Gatling", "--simulation", SIMULATION,
                "--results-folder", out.resolve("gatling").toAbsolutePath().toString(),
                "--run-description", settings.run() + ": " + settings.etag()));
        if (!reports) {
            command.add("--no-reports");
        }
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(out.resolve("console-" + settings.run() + ".txt").toFile()).start();
        try {
            if (!child.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException(settings.run() + " run in " + out + " did not finish within " + timeout
                        + "; killed (see console-" + settings.run() + ".txt)");
            }
            return child.exitValue();
        } finally {
            // Interrupted, timed out or done: the child (whose shutdown hook stops its cluster) must not outlive us.
            if (child.isAlive()) {
                child.destroy();
                if (!child.waitFor(20, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                }
            }
        }
    }
}
