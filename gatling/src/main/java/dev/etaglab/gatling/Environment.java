package dev.etaglab.gatling;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Facts about the machine and checkout, recorded next to every result. */
final class Environment {

    private Environment() {
    }

    static String git(String... args) {
        try {
            Process git = new ProcessBuilder(concat("git", args)).redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return git.waitFor() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    static String cpuModel() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            return lines.stream().filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * The checkout and machine a result was produced on, in the order every result file lists them: commit,
     * whether the code differed from it (results/ excluded: the results being written are untracked files of
     * this very checkout), JDK, CPU, cores.
     */
    static void putOrigin(java.util.Map<String, Object> into) {
        into.put("gitCommit", git("rev-parse", "HEAD"));
        into.put("gitDirty", !git("status", "--porcelain", "--", ".", ":(exclude)results").isBlank());
        into.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
        into.put("cpu", cpuModel());
        into.put("cores", Runtime.getRuntime().availableProcessors());
    }

    private static List<String> concat(String first, String... rest) {
        var all = new java.util.ArrayList<String>();
        all.add(first);
        all.addAll(List.of(rest));
        return all;
    }
}
