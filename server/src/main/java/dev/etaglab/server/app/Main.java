package dev.etaglab.server.app;

import dev.etaglab.support.LaunchedProcess;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.time.Clock;
import picocli.CommandLine;

/**
 * Starts one replica.
 *
 * <pre>
 *   java -jar server/target/server.jar --port 8080 --etag sha256-cached --cache-control no-cache
 * </pre>
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        ServerOptions options = new ServerOptions();
        CommandLine cli = new CommandLine(options);
        cli.getCommandSpec().usageMessage().footer(String.format(
                String.join("%n", cli.getCommandSpec().usageMessage().footer()), ServerOptions.strategiesHelp()));
        try {
            cli.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            System.err.println("server.jar: " + e.getMessage() + " (see --help)");
            System.exit(2);
            return;
        }
        if (cli.isUsageHelpRequested()) {
            cli.usage(System.out);
            return;
        }
        if (cli.isVersionHelpRequested()) {
            cli.printVersionHelp(System.out);
            return;
        }
        ReplicaSettings settings;
        try {
            settings = options.toSettings(System.getenv());
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("server.jar: " + e.getMessage());
            System.exit(2);
            return;
        }
        LogConfig.configureRuntime();
        try {
            Replica replica = Replica.create(settings, Clock.systemUTC());
            WebServer server = replica.start();
            if (options.portFile != null) {
                if (settings.adminPort() == null) {
                    LaunchedProcess.writePortFile(options.portFile, server.port());
                } else {
                    LaunchedProcess.writePortFile(options.portFile, server.port(), server.port(Replica.ADMIN_SOCKET));
                }
            }
            if (options.parentPid != null) {
                LaunchedProcess.exitWithParent(options.parentPid, "server.jar", server::stop);
            }
            System.out.printf("etag-lab replica %s listening on http://%s:%d/resource (etag=%s, last-modified=%s, cache-control=%s, "
                            + "version=%d, data-dir=%s, origin=%s, writes %s)%n",
                    settings.nodeId(), settings.host(), server.port(), settings.etag(), settings.lastModified().cliName(),
                    settings.cacheControl(),
                    replica.servedVersion(), settings.dataDir(), settings.originDir(),
                    WriteToken.of(settings.writeToken()).isPresent() ? "enabled" : "disabled (no token)");
            if (settings.adminPort() != null) {
                System.out.printf("operator endpoints on http://%s:%d/cache-control%n", settings.host(),
                        server.port(Replica.ADMIN_SOCKET));
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("server.jar: could not start: " + e.getMessage());
            System.exit(1);
        }
    }
}
