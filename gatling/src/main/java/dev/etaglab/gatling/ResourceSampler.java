package dev.etaglab.gatling;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Samples every serving JVM of the cluster from outside, as an SRE would on a soak: open file
 * descriptors and threads from {@code /proc}, resident memory, and — at the start of the measured window
 * and at its end — heap in use right after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}),
 * the only heap figure that does not swing with the collector's timing. A leak shows as growth between
 * those two points; everything else is context.
 */
final class ResourceSampler implements Runnable {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");
    private static final long INTERVAL_MILLIS = 15_000;

    private record Sample(long epochMillis, String process, long openFiles, long threads, long rssKib,
                          long heapAfterGcKib) {
    }

    private final Supplier<Map<String, Long>> jvms;
    private final long windowStart;
    private final long windowEnd;
    private final List<Sample> samples = new ArrayList<>();
    private final Path jcmd = Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling("jcmd");

    ResourceSampler(Supplier<Map<String, Long>> jvms, long windowStart, long windowEnd) {
        this.jvms = jvms;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
    }

    @Override
    public void run() {
        if (windowStart >= windowEnd) {
            return; // a run too short to have a window after warm-up
        }
        try {
            sleepUntil(windowStart);
            sampleAll(true);
            while (System.currentTimeMillis() + INTERVAL_MILLIS < windowEnd) {
                Thread.sleep(INTERVAL_MILLIS);
                sampleAll(false);
            }
            sleepUntil(windowEnd - 2_000); // still under load, just before the users stop
            sampleAll(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sampleAll(boolean withHeap) {
        jvms.get().forEach((name, pid) -> {
            try {
                synchronized (samples) {
                    samples.add(new Sample(System.currentTimeMillis(), name, openFiles(pid), status(pid, "Threads"),
                            status(pid, "VmRSS"), withHeap ? heapAfterGc(pid) : -1));
                }
            } catch (IOException | RuntimeException e) {
                // a replica killed by a fault has no /proc entry: it is simply not sampled this time
            }
        });
    }

    /** First and last sample with a heap figure, per process. */
    List<ProcessResources> summary() {
        Map<String, List<Sample>> byProcess = new LinkedHashMap<>();
        synchronized (samples) {
            samples.stream().filter(s -> s.heapAfterGcKib() >= 0)
                    .forEach(s -> byProcess.computeIfAbsent(s.process(), k -> new ArrayList<>()).add(s));
        }
        return byProcess.entrySet().stream().filter(e -> e.getValue().size() >= 2).map(e -> {
            Sample first = e.getValue().getFirst();
            Sample last = e.getValue().getLast();
            return new ProcessResources(e.getKey(), first.openFiles(), last.openFiles(), first.threads(),
                    last.threads(), first.rssKib(), last.rssKib(), first.heapAfterGcKib(), last.heapAfterGcKib());
        }).toList();
    }

    void writeCsv(Path file) throws IOException {
        StringBuilder csv = new StringBuilder("epoch_ms,process,open_files,threads,rss_kib,heap_after_gc_kib\n");
        synchronized (samples) {
            samples.forEach(s -> csv.append(String.format(Locale.ROOT, "%d,%s,%d,%d,%d,%s%n", s.epochMillis(),
                    s.process(), s.openFiles(), s.threads(), s.rssKib(),
                    s.heapAfterGcKib() < 0 ? "" : Long.toString(s.heapAfterGcKib()))));
        }
        Files.writeString(file, csv, StandardCharsets.UTF_8);
    }

    private static long openFiles(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        }
    }

    private static long status(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).strip().split("\\s+")[0]);
            }
        }
        throw new IOException("no " + field + " in /proc/" + pid + "/status");
    }

    private long heapAfterGc(long pid) throws IOException {
        jcmd(pid, "GC.run");
        Matcher used = USED.matcher(jcmd(pid, "GC.heap_info"));
        if (!used.find()) {
            throw new IOException("jcmd GC.heap_info printed no 'used NK' for " + pid);
        }
        return Long.parseLong(used.group(1));
    }

    private String jcmd(long pid, String command) throws IOException {
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("jcmd " + pid + " " + command + " failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out;
    }

    private static void sleepUntil(long epochMillis) throws InterruptedException {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }
}
