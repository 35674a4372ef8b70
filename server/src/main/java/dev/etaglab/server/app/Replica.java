package dev.etaglab.server.app;

import dev.etaglab.server.etag.EtagStrategies;
import dev.etaglab.server.store.DirectoryOrigin;
import dev.etaglab.server.store.LocalCopy;
import dev.etaglab.server.store.SeedCatalogue;
import dev.etaglab.support.web.ListenerLimits;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.ListenerConfig;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;

/**
 * One replica: its document state, its routing and its server settings. {@code Main} runs it from
 * the command line; tests reuse {@link #routing} and {@link #server} with Helidon's test extensions.
 */
public final class Replica implements AutoCloseable {

    /** Name of the Helidon listener that serves {@link #adminRouting}. */
    public static final String ADMIN_SOCKET = "admin";
    private static final System.Logger LOG = System.getLogger(Replica.class.getName());

    private final ReplicaSettings settings;
    private final DocumentReplica document;
    private final Clock clock;
    private final CachePolicy cachePolicy;

    private Replica(ReplicaSettings settings, DocumentReplica document, Clock clock) {
        this.settings = settings;
        this.document = document;
        this.clock = clock;
        this.cachePolicy = new CachePolicy(settings.cacheControl());
    }

    public static Replica create(ReplicaSettings settings, Clock clock) throws IOException {
        var document = new DocumentReplica(
                new DirectoryOrigin(settings.originDir()),
                new LocalCopy(settings.dataDir(), settings.deployDrift()),
                EtagStrategies.create(settings.etag()),
                clock,
                SeedCatalogue.generate(settings.seedBytes()),
                settings.syncInterval(),
                settings.lastModified());
        return new Replica(settings, document, clock);
    }

    /** The whole routing table of a replica. */
    public void routing(HttpRouting.Builder routing) {
        settings.limits().addFiltersTo(routing);
        routing.register(new ResourceService(document, cachePolicy,
                WriteToken.of(settings.writeToken()), settings.maxBodyBytes(), clock))
                .register(new HealthService(document, settings.nodeId(), settings.etag()))
                .any((req, res) -> new Problem(Status.NOT_FOUND_404, "not-found", "Not found",
                        "this replica serves " + ResourceService.PATH + " and " + HealthService.PATH).send(res))
                .error(Throwable.class, (req, res, e) -> {
                    LOG.log(Level.ERROR, "unexpected failure on " + req.prologue().uriPath().path(), e);
                    new Problem(Status.INTERNAL_SERVER_ERROR_500, "internal-error", "Internal error",
                            "the replica failed unexpectedly; see its log").send(res);
                });
    }

    /** The operator listener's routing: policy changes and health, never reachable through the proxy port. */
    public void adminRouting(HttpRouting.Builder routing) {
        settings.limits().addFiltersTo(routing);
        routing.register(new AdminService(cachePolicy, WriteToken.of(settings.writeToken())))
                .register(new HealthService(document, settings.nodeId(), settings.etag()));
    }

    /** Listener settings every socket we own needs, with the default limits (tests of the routing use it). */
    public static void server(WebServerConfig.Builder server) {
        listener(server, ListenerLimits.DEFAULTS);
    }

    private static void listener(ListenerConfig.BuilderBase<?, ?> listener, ListenerLimits limits) {
        // Nagle + delayed ACK turn a 20 KiB 200 into a 40 ms affair (~1.1k req/s instead of ~40k).
        listener.connectionOptions(options -> options.tcpNoDelay(true));
        // Helidon's automatic gzip would keep the identity ETag and send no Vary: never on our routes.
        listener.contentEncoding(encoding -> encoding.contentEncodingsDiscoverServices(false));
        // Header size and time, idle time, problem+json for errors answered before routing.
        limits.applyTo(listener);
    }

    public WebServer start() {
        WebServerConfig.Builder builder = WebServer.builder()
                .host(settings.host())
                .port(settings.port())
                .routing(this::routing);
        if (settings.adminPort() != null) {
            builder.putSocket(ADMIN_SOCKET, socket -> listener(socket.host(settings.host()).port(settings.adminPort()),
                            settings.limits()))
                    .routing(ADMIN_SOCKET, this::adminRouting);
        }
        listener(builder, settings.limits());
        return builder.build().start();
    }

    /** The version number currently served, for logs and tests. */
    public long servedVersion() {
        return document.current().representation().version().number();
    }

    /** Polls the origin now instead of waiting for the next sync tick. */
    public void syncNow() throws IOException {
        document.syncNow();
    }

    @Override
    public void close() {
        document.close();
    }
}
