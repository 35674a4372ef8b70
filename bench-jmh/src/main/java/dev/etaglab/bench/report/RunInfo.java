package dev.etaglab.bench.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.util.Version;

/**
 * The environment of one JMH run, written as {@code run.json} next to JMH's own JSON: what a reviewer
 * needs to judge whether two runs can be compared at all (same machine, same JDK, a quiet machine).
 */
final class RunInfo {

    /** CPU flags that change what a hash costs: SHA extensions, and the vector widths the JIT may use. */
    private static final List<String> CPU_FLAGS = List.of("sha_ni", "avx2", "avx512f", "avx512vl", "bmi2", "aes");

    /** HotSpot flags that decide whether SHA-256 runs as an intrinsic. */
    private static final List<String> VM_FLAGS = List.of("UseSHA", "UseSHA256Intrinsics", "UseAVX");

    private RunInfo() {
    }

    /** Everything that is known before JMH starts; the caller adds the outcome. */
    static ObjectNode before(String mode, List<String> jmhArgs, Instant started) {
        ObjectNode run = JsonNodeFactory.instance.objectNode();
        run.put("mode", mode);
        run.put("started", started.toString());

        ObjectNode git = run.putObject("git");
        git.put("commit", git("rev-parse", "HEAD").orElse("unknown"));
        // Results of earlier runs are not code: they do not make the tree dirty.
        Optional<String> status = git("status", "--porcelain", "--", ".", ":(exclude)results");
        if (status.isPresent()) {
            git.put("dirty", !status.get().isBlank());
        } else {
            git.putNull("dirty");
        }
        git.put("branch", git("rev-parse", "--abbrev-ref", "HEAD").orElse("unknown"));

        ObjectNode jdk = run.putObject("jdk");
        jdk.put("vendor", System.getProperty("java.vendor"));
        jdk.put("version", System.getProperty("java.runtime.version"));
        jdk.put("vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        jdk.put("home", System.getProperty("java.home"));
        ObjectNode flags = jdk.putObject("flags");
        HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        for (String flag : VM_FLAGS) {
            try {
                flags.put(flag, hotspot.getVMOption(flag).getValue());
            } catch (IllegalArgumentException notOnThisVm) {
                // e.g. UseAVX on aarch64
            }
        }

        ObjectNode cpu = run.putObject("cpu");
        List<String> cpuinfo = lines(Path.of("/proc/cpuinfo"));
        cpu.put("model", field(cpuinfo, "model name").orElse(System.getProperty("os.arch")));
        cpu.put("logicalCores", Runtime.getRuntime().availableProcessors());
        List<String> present = field(cpuinfo, "flags").map(f -> List.of(f.split("\\s+"))).orElse(List.of());
        ArrayNode cpuFlags = cpu.putArray("flags");
        CPU_FLAGS.stream().filter(present::contains).forEach(cpuFlags::add);

        run.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        ObjectNode load = run.putObject("loadAverage1m");
        loadAverage().ifPresentOrElse(l -> load.put("before", l), () -> load.putNull("before"));

        ObjectNode tmp = run.putObject("tmpdir");
        Path tmpdir = Path.of(System.getProperty("java.io.tmpdir"));
        tmp.put("path", tmpdir.toString());
        try {
            tmp.put("filesystem", Files.getFileStore(tmpdir).type());
        } catch (IOException e) {
            tmp.putNull("filesystem");
        }

        ObjectNode command = run.putObject("command");
        String maven = System.getenv("MAVEN_CMD_LINE_ARGS");
        if (maven != null) {
            command.put("maven", "mvn " + maven.strip());
        } else {
            command.putNull("maven");
        }
        // Paths relative to the checkout (the working directory): results must not name one machine's folders.
        String checkout = Path.of("").toAbsolutePath() + "/";
        command.put("runner", ProcessHandle.current().info().commandLine().orElse("unknown").replace(checkout, ""));
        command.put("reproduce", "java -jar bench-jmh/target/benchmarks.jar " + String.join(" ", jmhArgs));

        ObjectNode jmh = run.putObject("jmh");
        jmh.put("version", Version.getPlainVersion());
        ArrayNode args = jmh.putArray("args");
        jmhArgs.forEach(args::add);
        return run;
    }

    static void after(ObjectNode run, Instant started, Instant finished, String failure) {
        run.put("finished", finished.toString());
        run.put("durationSeconds", Math.round((finished.toEpochMilli() - started.toEpochMilli()) / 100.0) / 10.0);
        loadAverage().ifPresent(l -> ((ObjectNode) run.get("loadAverage1m")).put("after", l));
        if (failure != null) {
            run.put("failure", failure);
        }
    }

    static Optional<Double> loadAverage() {
        List<String> loadavg = lines(Path.of("/proc/loadavg"));
        if (loadavg.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Double.parseDouble(loadavg.getFirst().split("\\s+")[0]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> field(List<String> cpuinfo, String name) {
        return cpuinfo.stream()
                .filter(l -> l.startsWith(name) && l.indexOf(':') > 0 && l.substring(0, l.indexOf(':')).strip().equals(name))
                .map(l -> l.substring(l.indexOf(':') + 1).strip())
                .findFirst();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }

    private static Optional<String> git(String... args) {
        try {
            Process git = new ProcessBuilder(concat("git", args))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = git.getInputStream().readAllBytes();
            if (!git.waitFor(10, TimeUnit.SECONDS)) {
                git.destroyForcibly();
                return Optional.empty();
            }
            if (git.exitValue() != 0) {
                return Optional.empty();
            }
            return Optional.of(new String(out, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static String[] concat(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
