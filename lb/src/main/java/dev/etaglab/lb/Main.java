package dev.etaglab.lb;

import dev.etaglab.support.LaunchedProcess;
import dev.etaglab.support.web.ListenerLimits;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code java -jar lb/target/lb.jar --port 8080 --admin-port 9090 --backend http://127.0.0.1:8081
 * --backend http://127.0.0.1:8082 --policy round-robin}
 */
@Command(name = "lb",
         sortOptions = false,
         showDefaultValues = true,
         usageHelpAutoWidth = true,
         description = {
                 "A reverse-proxy load balancer that forwards conditional requests untouched,",
                 "and counts statuses and egress bytes per backend on the admin port (/metrics)."})
public final class Main implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address the proxy and admin listeners bind to.")
    private String host;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "N",
            description = "Proxy port; 0 picks a free one.")
    private int port;

    @Option(names = "--admin-port", defaultValue = "9090", paramLabel = "N",
            description = "Admin port (/metrics, /health); 0 picks a free one.")
    private int adminPort;

    @Option(names = "--backend", required = true, paramLabel = "URL", converter = BackendUrl.class,
            description = "Backend origin http://host:port; repeat for each backend, in ring order.")
    private List<URI> backends;

    @Option(names = "--policy", defaultValue = "round-robin", paramLabel = "NAME", converter = PolicyOption.class,
            description = "round-robin, random, least-in-flight, or sticky (a client stays on one backend: affinity "
                    + "cookie lb_affinity, rendezvous hashing).")
    private PolicyName policy;

    @Option(names = "--health-path", defaultValue = "/health", paramLabel = "PATH",
            description = "Path probed with GET on every backend; 2xx means healthy.")
    private String healthPath;

    @Option(names = "--health-interval", defaultValue = "500ms", paramLabel = "DURATION", converter = DurationOption.class,
            description = "Delay between two probes of a backend (ms, s, m, h).")
    private Duration healthInterval;

    @Option(names = "--connect-timeout", defaultValue = "1s", paramLabel = "DURATION", converter = DurationOption.class,
            description = "Limit on connecting to a backend; a refused connection ejects it at once.")
    private Duration connectTimeout;

    @Option(names = "--backend-timeout", defaultValue = "10s", paramLabel = "DURATION", converter = DurationOption.class,
            description = "Limit on waiting for backend bytes; exceeded before the response starts = 504.")
    private Duration backendTimeout;

    @Option(names = "--rate-limit", paramLabel = "N/PERIOD", converter = RequestLimitOption.class,
            description = "Per-client request limit, e.g. 100/1s or 6000/1m; 429 beyond it. Default: off.")
    private LimitSpec requestLimit;

    @Option(names = "--egress-limit", paramLabel = "SIZE/PERIOD", converter = EgressLimitOption.class,
            description = "Per-client limit on bytes sent, e.g. 1MiB/1s (B, KiB, MiB, GiB); 429 beyond it. Default: off.")
    private LimitSpec egressLimit;

    @Option(names = "--client-header", paramLabel = "NAME",
            description = "Header that identifies a client for the limits. Default: the remote address.")
    private String clientHeader;

    @Option(names = "--max-body", defaultValue = "8MiB", paramLabel = "SIZE", converter = SizeOption.class,
            description = "Largest request body forwarded (B, KiB, MiB, GiB); a larger one gets 413 and never "
                    + "reaches a backend.")
    private long maxBody;

    @Option(names = "--header-timeout", defaultValue = "10s", paramLabel = "DURATION", converter = DurationOption.class,
            description = "Longest time from a request line to the end of its header section; a slower client gets "
                    + "408 and its connection is closed.")
    private Duration headerTimeout;

    @Option(names = "--idle-timeout", defaultValue = "30s", paramLabel = "DURATION", converter = DurationOption.class,
            description = "Longest time a client connection may wait for, or trickle, its next request line.")
    private Duration idleTimeout;

    @Option(names = "--body-timeout", defaultValue = "20s", paramLabel = "DURATION", converter = DurationOption.class,
            description = "Longest time a request body may keep the balancer waiting, plus one second per "
                    + "--body-min-rate bytes received; a slower client gets 408 and its connection is closed.")
    private Duration bodyTimeout;

    @Option(names = "--body-min-rate", defaultValue = "500", paramLabel = "SIZE", converter = SizeOption.class,
            description = "Bytes of request body per second (B, KiB, MiB) that earn one more second of "
                    + "--body-timeout; 0: the body must arrive within --body-timeout.")
    private long bodyMinRate;

    @Option(names = "--port-file", paramLabel = "FILE",
            description = "Write '<proxy port> <admin port>' to FILE once listening (for launchers using port 0).")
    private Path portFile;

    @Option(names = "--parent-pid", paramLabel = "PID",
            description = "Exit when process PID exits, so the balancer never outlives the launcher that started it.")
    private Long parentPid;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Spec
    private CommandSpec spec;

    private Main() {
    }

    public static void main(String[] args) {
        int exitCode = run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
        // On success the server's non-daemon threads keep the JVM alive until Ctrl-C (Helidon's shutdown hook).
    }

    /** Parses and runs; returns the exit code (2 for bad options, with one error line on {@code err}). */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        return new CommandLine(new Main())
                .setOut(out)
                .setErr(err)
                .setParameterExceptionHandler((e, ignored) -> usageError(err, e.getMessage()))
                .execute(args);
    }

    /** The configuration these arguments describe; throws {@link IllegalArgumentException} or picocli's exception. */
    static LbConfig parse(String... args) {
        Main main = new Main();
        new CommandLine(main).parseArgs(args);
        return main.config();
    }

    @Override
    public Integer call() {
        LbConfig config;
        try {
            config = config();
        } catch (IllegalArgumentException e) {
            return usageError(spec.commandLine().getErr(), e.getMessage());
        }
        LoadBalancer balancer = LoadBalancer.start(config);
        try {
            if (portFile != null) {
                LaunchedProcess.writePortFile(portFile, balancer.port(), balancer.adminPort());
            }
        } catch (IOException e) {
            balancer.close();
            spec.commandLine().getErr().println("lb: cannot write --port-file " + portFile + ": " + e.getMessage());
            return 1;
        }
        if (parentPid != null) {
            LaunchedProcess.exitWithParent(parentPid, "lb", balancer::close);
        }
        spec.commandLine().getOut().printf("lb: proxy http://%s:%d/, admin http://%s:%d/metrics, backends %s, policy %s%n",
                               config.host(), balancer.port(), config.host(), balancer.adminPort(),
                               config.backends(), config.policy());
        return CommandLine.ExitCode.OK;
    }

    private LbConfig config() {
        return new LbConfig(host, port, adminPort, backends, policy, healthPath, healthInterval, connectTimeout,
                            backendTimeout, Optional.ofNullable(requestLimit), Optional.ofNullable(egressLimit),
                            Optional.ofNullable(clientHeader), maxBody,
                            ListenerLimits.DEFAULTS.withHeaderTimeout(headerTimeout).withIdleTimeout(idleTimeout)
                                    .withBodyTimeout(bodyTimeout).withBodyMinRate(bodyMinRate));
    }

    private static int usageError(PrintWriter err, String message) {
        err.println("lb: " + message + " (see --help)");
        return CommandLine.ExitCode.USAGE;
    }

    /** Picocli reports a {@link TypeConversionException} message as is, without a stack trace. */
    private abstract static class Converter<T> implements ITypeConverter<T> {
        @Override
        public final T convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }

        abstract T parse(String value);
    }

    private static final class BackendUrl extends Converter<URI> {
        @Override
        URI parse(String value) {
            return Backend.requireOrigin(URI.create(value));
        }
    }

    private static final class PolicyOption extends Converter<PolicyName> {
        @Override
        PolicyName parse(String value) {
            return PolicyName.fromCliName(value);
        }
    }

    private static final class DurationOption extends Converter<Duration> {
        @Override
        Duration parse(String value) {
            return LimitSpec.duration(value);
        }
    }

    private static final class SizeOption extends Converter<Long> {
        @Override
        Long parse(String value) {
            return LimitSpec.size(value);
        }
    }

    private static final class RequestLimitOption extends Converter<LimitSpec> {
        @Override
        LimitSpec parse(String value) {
            return LimitSpec.requests(value);
        }
    }

    private static final class EgressLimitOption extends Converter<LimitSpec> {
        @Override
        LimitSpec parse(String value) {
            return LimitSpec.bytes(value);
        }
    }
}
