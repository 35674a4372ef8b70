package dev.etaglab.lb.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * nginx or HAProxy, installed from Debian's packages, as the cluster's balancer: the config shipped in
 * lb.jar (the same one {@code scripts/bench-lb.sh} measures) is rendered for the cluster's replicas and
 * its own folder, checked with the balancer's own syntax check, and run in the foreground.
 *
 * <p>Neither knows about our launcher, so each runs under a small bash watchdog that stops it when the
 * launcher dies, however it dies: the no-orphan promise holds for them as for the JVMs.
 */
final class ExternalBalancer {

    // $1 = the launcher's pid, then the balancer's command. TERM (our stop) or the launcher's death stops it.
    private static final String WATCHDOG = """
            parent=$1; shift
            "$@" & child=$!
            trap 'kill -TERM "$child" 2>/dev/null; wait "$child"; exit 0' TERM INT HUP
            while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 0.2; done
            kill -TERM "$child" 2>/dev/null
            wait "$child"
            """;
    private static final int ATTEMPTS = 3;
    private static final Pattern PLACEHOLDER = Pattern.compile("@[A-Z_]+@");

    private final Balancer kind;
    private final ManagedProcess process;
    private final int port;
    private final Path accessLog;
    private final String version;

    private ExternalBalancer(Balancer kind, ManagedProcess process, int port, Path accessLog, String version) {
        this.kind = kind;
        this.process = process;
        this.port = port;
        this.accessLog = accessLog;
        this.version = version;
    }

    static ExternalBalancer start(Balancer kind, List<URI> replicas, Path workDir, Duration timeout,
                                  PrintStream progress) throws IOException, InterruptedException {
        Path executable = executable(kind);
        Path dir = workDir.resolve(kind.label());
        Files.createDirectories(dir);
        if (kind == Balancer.NGINX) {
            // nginx started as root runs its workers as 'nobody': they must reach their temp folders.
            for (Path p : List.of(workDir, dir)) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        Path accessLog = dir.resolve("access.log");
        Path log = workDir.resolve(kind.label() + ".log");
        String version = version(executable);
        IllegalStateException last = null;
        // A free port is chosen, then bound by another process: another program may take it in between.
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            int port = freePort();
            Path config = render(kind, dir, port, accessLog, replicas);
            check(kind, executable, config, dir);
            Files.deleteIfExists(accessLog);
            Files.createFile(accessLog);
            var process = new ManagedProcess(kind.label(), watched(command(kind, executable, config, dir)), log,
                    kind == Balancer.HAPROXY ? accessLog : log);
            process.start(Map.of());
            try {
                Cluster.awaitHealthy(URI.create("http://127.0.0.1:" + port + "/health"), process, timeout);
                progress.printf(Locale.ROOT, "  %s (%s) healthy on http://127.0.0.1:%d, egress from %s%n", process,
                        version, port, accessLog.getFileName());
                return new ExternalBalancer(kind, process, port, accessLog, version);
            } catch (IllegalStateException e) {
                process.stop();
                last = e;
                progress.printf(Locale.ROOT, "  %s did not come up on port %d (attempt %d of %d)%n", kind, port,
                        attempt, ATTEMPTS);
            }
        }
        throw last;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    Path accessLog() {
        return accessLog;
    }

    /** What the balancer says it is, e.g. {@code nginx/1.22.1}. */
    String version() {
        return version;
    }

    long pid() {
        return process.pid();
    }

    void stop() {
        process.stop();
    }

    Balancer kind() {
        return kind;
    }

    static Path render(Balancer kind, Path dir, int port, Path accessLog, List<URI> replicas) throws IOException {
        String template;
        try (InputStream in = ExternalBalancer.class.getResourceAsStream(templateName(kind))) {
            if (in == null) {
                throw new IllegalStateException(templateName(kind) + " is missing from lb.jar");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> authorities = replicas.stream().map(URI::getAuthority).toList();
        String rendered = switch (kind) {
            case NGINX -> template
                    .replace("@UPSTREAM_SERVERS@", authorities.stream().map(a -> "        server " + a + ";")
                            .collect(Collectors.joining("\n")))
                    .replace("@ACCESS_LOG@", accessLog + " egress");
            case HAPROXY -> template
                    .replace("@BACKEND_SERVERS@", IntStream.range(0, authorities.size())
                            .mapToObj(i -> "    server replica-" + i + " " + authorities.get(i))
                            .collect(Collectors.joining("\n")))
                    .replace("@THREADS@", Integer.toString(Runtime.getRuntime().availableProcessors()))
                    .replace("@EGRESS_LOG@", EgressLog.HAPROXY_LOG_CONFIG);
            case LB -> throw new IllegalArgumentException("lb.jar is not an external balancer");
        };
        rendered = rendered.replace("@PREFIX@", dir.toString()).replace("@PORT@", Integer.toString(port));
        rendered.lines().filter(line -> !line.strip().startsWith("#") && PLACEHOLDER.matcher(line).find())
                .findFirst().ifPresent(line -> {
                    throw new IllegalStateException("unfilled placeholder in " + templateName(kind) + ": " + line.strip());
                });
        Path config = dir.resolve(kind == Balancer.NGINX ? "nginx.conf" : "haproxy.cfg");
        Files.writeString(config, rendered, StandardCharsets.UTF_8);
        return config;
    }

    private static String templateName(Balancer kind) {
        return kind == Balancer.NGINX ? "nginx.conf.template" : "haproxy.cfg.template";
    }

    private static List<String> command(Balancer kind, Path executable, Path config, Path dir) {
        return switch (kind) {
            case NGINX -> List.of(executable.toString(), "-p", dir.toString(), "-c", config.toString(),
                    "-e", dir.resolve("error.log").toString(), "-g", "daemon off;");
            case HAPROXY -> List.of(executable.toString(), "-db", "-f", config.toString());
            case LB -> throw new IllegalArgumentException("lb.jar is not an external balancer");
        };
    }

    private static List<String> watched(List<String> command) {
        List<String> watched = new ArrayList<>(List.of("bash", "-c", WATCHDOG, "watchdog",
                Long.toString(ProcessHandle.current().pid())));
        watched.addAll(command);
        return watched;
    }

    /** The balancer's own syntax check, so a bad config fails with the balancer's words, not a timeout. */
    private static void check(Balancer kind, Path executable, Path config, Path dir)
            throws IOException, InterruptedException {
        List<String> command = kind == Balancer.NGINX
                ? List.of(executable.toString(), "-t", "-q", "-p", dir.toString(), "-c", config.toString(),
                "-e", dir.resolve("error.log").toString())
                : List.of(executable.toString(), "-c", "-q", "-f", config.toString());
        Process check = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!check.waitFor(30, TimeUnit.SECONDS) || check.exitValue() != 0) {
            throw new IllegalStateException(kind + " rejected " + config + ":\n" + output.strip());
        }
    }

    private static String version(Path executable) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(executable.toString(), "-v").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        String first = out.lines().findFirst().orElse("").strip();
        // "nginx version: nginx/1.22.1" / "HAProxy version 2.6.12-1+deb12u4 2026/10/17 - https://haproxy.org/"
        if (first.startsWith("nginx version: ")) {
            return first.substring("nginx version: ".length());
        }
        String[] words = first.split("\\s+");
        return words.length >= 3 && words[1].equals("version") ? words[0] + " " + words[2] : first;
    }

    /** The balancer's executable; a clear "not installed" with the command to fix it otherwise. */
    static Path executable(Balancer kind) {
        return Executables.find(kind.label()).orElseThrow(() -> new IllegalStateException(kind
                + " is not installed; on Debian or Ubuntu: sudo apt-get update && sudo apt-get install -y "
                + kind.label()));
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
