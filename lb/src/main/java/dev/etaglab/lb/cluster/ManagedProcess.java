package dev.etaglab.lb.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM the cluster owns: started with {@code --parent-pid} so it exits by itself if the launcher
 * dies without cleaning up (kill -9, a crashed test JVM), logging to its own file.
 */
final class ManagedProcess {

    private static final Duration GRACE = Duration.ofSeconds(10);

    private final String name;
    private final List<String> command;
    private final Path log;
    private final Path output;
    private Process process;

    ManagedProcess(String name, List<String> command, Path log) {
        this(name, command, log, log);
    }

    /** A process whose standard output is data (HAProxy's log lines), kept apart from its diagnostics. */
    ManagedProcess(String name, List<String> command, Path log, Path output) {
        this.name = name;
        this.command = List.copyOf(command);
        this.log = log;
        this.output = output;
    }

    static String javaCommand() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    static List<String> javaJar(Path jar, List<String> args) {
        List<String> command = new ArrayList<>(List.of(javaCommand(), "-jar", jar.toString()));
        command.addAll(args);
        command.addAll(List.of("--parent-pid", Long.toString(ProcessHandle.current().pid())));
        return command;
    }

    void start(java.util.Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        if (output.equals(log)) {
            builder.redirectErrorStream(true);
        } else {
            builder.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        }
        builder.environment().putAll(environment);
        process = builder.start();
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM, then SIGKILL after a grace period; waits until the process is gone. */
    void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL, as a crash would: no shutdown hooks, nothing flushed. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The last lines of the log, for error messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public String toString() {
        return name + (process == null ? "" : " (pid " + process.pid() + ")");
    }
}
