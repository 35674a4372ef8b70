package dev.etaglab.server.app;

import dev.etaglab.server.etag.EtagStrategies;
import dev.etaglab.server.http.CacheControl;
import dev.etaglab.support.web.ListenerLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The replica's command line. Every option, with its default, is listed by {@code --help}. */
@Command(name = "server.jar",
        mixinStandardHelpOptions = true,
        version = "etag-lab server 0.1",
        sortOptions = false,
        usageHelpWidth = 110,
        description = {
                "One etag-lab replica: serves GET/HEAD/PUT /resource (a JSON document) and GET /health.",
                "Replicas sharing --origin serve the same document, each from its own copy in --data-dir.",
                "The write token for PUT comes from the environment variable ETAGLAB_TOKEN or --token-file.",
                ""},
        footer = {"", "ETag strategies (--etag):", "%s"})
public final class ServerOptions {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", defaultValue = "etaglab-data/replica",
            description = "This replica's own directory: its local copy of the document (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--origin", defaultValue = "etaglab-data/origin",
            description = "Directory shared by all replicas, the source of truth for writes (default: ${DEFAULT-VALUE}).")
    Path origin;

    @Option(names = "--etag", defaultValue = EtagStrategies.DEFAULT, paramLabel = "NAME",
            description = "ETag strategy, see the list below (default: ${DEFAULT-VALUE}).")
    String etag;

    @Option(names = "--cache-control", defaultValue = ReplicaSettings.DEFAULT_CACHE_CONTROL, paramLabel = "VALUE",
            converter = CacheControlConverter.class,
            description = "Cache-Control sent on 200 and 304, e.g. 'max-age=30', 'no-cache', "
                    + "'max-age=0, must-revalidate' (default: ${DEFAULT-VALUE}).")
    String cacheControl;

    @Option(names = "--size", defaultValue = "20KiB", converter = ByteSizeConverter.class, paramLabel = "BYTES",
            description = "Size of the generated catalogue when the origin is empty: 20480, 20KiB, 1MiB "
                    + "(default: ${DEFAULT-VALUE}).")
    int seedBytes;

    @Option(names = "--deploy-drift", defaultValue = "0", paramLabel = "SECONDS", converter = SecondsConverter.class,
            description = "Added to the local copy's mtime, as a deploy that reaches this node later leaves it; "
                    + "give replicas different drifts to break the mtime strategy (default: ${DEFAULT-VALUE}).")
    Duration deployDrift;

    @Option(names = "--sync-interval", defaultValue = "200", paramLabel = "MILLIS",
            description = "How often the origin is polled for versions written through other replicas "
                    + "(default: ${DEFAULT-VALUE}).")
    long syncIntervalMillis;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File holding the bearer token for PUT (overrides ETAGLAB_TOKEN). Without a token, PUT is refused.")
    Path tokenFile;

    @Option(names = "--max-body", defaultValue = "8MiB", converter = ByteSizeConverter.class, paramLabel = "BYTES",
            description = "Largest PUT body accepted; larger ones get 413 (default: ${DEFAULT-VALUE}).")
    int maxBodyBytes;

    @Option(names = "--header-timeout", defaultValue = "10", paramLabel = "SECONDS", converter = SecondsConverter.class,
            description = "Longest time from a request line to the end of its header section; a slower client "
                    + "gets 408 and its connection is closed (default: ${DEFAULT-VALUE}).")
    Duration headerTimeout;

    @Option(names = "--idle-timeout", defaultValue = "30", paramLabel = "SECONDS", converter = SecondsConverter.class,
            description = "Longest time a connection may wait for, or trickle, its next request line "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    @Option(names = "--body-timeout", defaultValue = "20", paramLabel = "SECONDS", converter = SecondsConverter.class,
            description = "Longest time a request body may keep the server waiting, plus one second per "
                    + "--body-min-rate bytes received; a slower client gets 408 and its connection is closed "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration bodyTimeout;

    @Option(names = "--body-min-rate", defaultValue = "500", paramLabel = "BYTES",
            description = "Bytes per second of request body that earn one more second of --body-timeout; "
                    + "0: the body must arrive within --body-timeout (default: ${DEFAULT-VALUE}).")
    long bodyMinRate;

    @Option(names = "--node-id", paramLabel = "NAME", description = "Name in logs and /health (default: replica-PORT).")
    String nodeId;

    @Option(names = "--last-modified", defaultValue = "guarded", paramLabel = "naive|guarded",
            description = "guarded: a Last-Modified shared by two versions written within one second is weak "
                    + "(no 304 on If-Modified-Since for that second, never an If-Range match); naive: trust it, "
                    + "as most servers do, to demonstrate the stale 304 (default: ${DEFAULT-VALUE}).")
    String lastModified;

    @Option(names = "--port-file", paramLabel = "FILE",
            description = "Write the bound port (then the admin port, if any) to FILE once listening "
                    + "(for launchers using --port 0).")
    Path portFile;

    @Option(names = "--admin-port", paramLabel = "PORT",
            description = "Also listen on PORT (0 = any free one) for operator requests: GET/PUT /cache-control "
                    + "(bearer token), GET /health. Not served on --port, so a load balancer never exposes it.")
    Integer adminPort;

    @Option(names = "--parent-pid", paramLabel = "PID",
            description = "Exit when process PID exits: a launcher passes its own PID so that no replica outlives it.")
    Long parentPid;

    static String strategiesHelp() {
        Map<String, String> all = EtagStrategies.descriptions();
        return all.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "  %-14s %s", e.getKey(), e.getValue()))
                .collect(Collectors.joining("%n"));
    }

    ReplicaSettings toSettings(Map<String, String> env) throws IOException {
        if (syncIntervalMillis < 1) {
            throw new IllegalArgumentException("--sync-interval must be at least 1 ms");
        }
        if (port < 0 || port > 65535 || (adminPort != null && (adminPort < 0 || adminPort > 65535))) {
            throw new IllegalArgumentException("--port and --admin-port must be between 0 and 65535");
        }
        EtagStrategies.create(etag); // fails early with the list of valid names
        String token = tokenFile != null
                ? Files.readString(tokenFile, StandardCharsets.UTF_8).strip()
                : env.get("ETAGLAB_TOKEN");
        return new ReplicaSettings(host, port, dataDir, origin, etag, cacheControl, seedBytes, deployDrift,
                Duration.ofMillis(syncIntervalMillis), token, maxBodyBytes,
                nodeId != null ? nodeId : "replica-" + port, adminPort, LastModifiedPolicy.parse(lastModified),
                ListenerLimits.DEFAULTS.withHeaderTimeout(headerTimeout).withIdleTimeout(idleTimeout)
                        .withBodyTimeout(bodyTimeout).withBodyMinRate(bodyMinRate));
    }

    /** 20480, 20KiB, 20KB (=1000), 1MiB, 1M... into bytes. */
    static final class ByteSizeConverter implements ITypeConverter<Integer> {
        private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|B|K|KB|KiB|M|MB|MiB)", Pattern.CASE_INSENSITIVE);

        @Override
        public Integer convert(String value) {
            Matcher m = SIZE.matcher(value.strip());
            if (!m.matches()) {
                throw new TypeConversionException("'" + value + "' is not a size; use e.g. 20480, 20KiB or 1MiB");
            }
            long n = Long.parseLong(m.group(1));
            long bytes = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "", "b" -> n;
                case "kb" -> n * 1000;
                case "k", "kib" -> n * 1024;
                case "mb" -> n * 1000_000;
                default -> n * 1024 * 1024;
            };
            if (bytes < 1 || bytes > Integer.MAX_VALUE - 16) {
                throw new TypeConversionException("'" + value + "' is out of range (1 byte to 2 GiB)");
            }
            return (int) bytes;
        }
    }

    /** Seconds, fractions allowed, not negative. */
    static final class SecondsConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                double seconds = Double.parseDouble(value);
                if (seconds < 0 || seconds > 86_400 || Double.isNaN(seconds)) {
                    throw new TypeConversionException("'" + value + "' must be between 0 and 86400 seconds");
                }
                return Duration.ofMillis(Math.round(seconds * 1000));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a number of seconds");
            }
        }
    }

    /** A Cache-Control field value: comma-separated directives, token or token=value (RFC 9111 §5.2). */
    static final class CacheControlConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String v = value.strip();
            if (!CacheControl.isValid(v)) {
                throw new TypeConversionException("'" + value + "' is not a Cache-Control value; "
                        + "use directives like 'max-age=30' or 'no-cache, must-revalidate'");
            }
            return v;
        }
    }
}
