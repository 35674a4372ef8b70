package dev.etaglab.server.app;

import dev.etaglab.support.web.ListenerLimits;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything a replica is configured with; {@link ServerOptions} builds it from the command line,
 * tests build it directly.
 *
 * @param host          address to bind
 * @param port          port to bind, 0 for an ephemeral one
 * @param dataDir       this replica's own directory (its local copy of the document)
 * @param originDir     the directory shared by all replicas (the source of truth)
 * @param etag          ETag strategy name, see {@code EtagStrategies}
 * @param cacheControl  Cache-Control field value, identical on 200 and 304
 * @param seedBytes     size of the generated document when the origin is empty
 * @param deployDrift   added to the local copy's mtime (what a later-landing deploy leaves behind)
 * @param syncInterval  how often the origin is polled for new versions
 * @param writeToken    bearer token for PUT; {@code null} or blank disables writes
 * @param maxBodyBytes  largest accepted PUT body
 * @param nodeId        a name for logs and /health
 * @param adminPort     port of the operator listener ({@code /cache-control}), {@code null} for none
 * @param lastModified  whether a Last-Modified shared by two versions may still answer 304 (naive) or not
 * @param limits        what one client may make a listener hold (header size and timeouts)
 */
public record ReplicaSettings(String host, int port, Path dataDir, Path originDir, String etag, String cacheControl,
                              int seedBytes, Duration deployDrift, Duration syncInterval, String writeToken,
                              int maxBodyBytes, String nodeId, Integer adminPort, LastModifiedPolicy lastModified,
                              ListenerLimits limits) {

    public static final String DEFAULT_CACHE_CONTROL = "no-cache";
    public static final int DEFAULT_SEED_BYTES = 20 * 1024;
    public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofMillis(200);
    public static final int DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

    /** Settings for a replica on an ephemeral loopback port with defaults for everything optional. */
    public static ReplicaSettings loopback(Path dataDir, Path originDir, String etag) {
        return new ReplicaSettings("127.0.0.1", 0, dataDir, originDir, etag, DEFAULT_CACHE_CONTROL,
                DEFAULT_SEED_BYTES, Duration.ZERO, DEFAULT_SYNC_INTERVAL, null, DEFAULT_MAX_BODY_BYTES,
                dataDir.getFileName().toString(), null, LastModifiedPolicy.GUARDED,
                ListenerLimits.DEFAULTS);
    }

    public ReplicaSettings withCacheControl(String value) {
        return new ReplicaSettings(host, port, dataDir, originDir, etag, value, seedBytes, deployDrift,
                syncInterval, writeToken, maxBodyBytes, nodeId, adminPort, lastModified, limits);
    }

    public ReplicaSettings withDeployDrift(Duration value) {
        return new ReplicaSettings(host, port, dataDir, originDir, etag, cacheControl, seedBytes, value,
                syncInterval, writeToken, maxBodyBytes, nodeId, adminPort, lastModified, limits);
    }

    public ReplicaSettings withWriteToken(String value) {
        return new ReplicaSettings(host, port, dataDir, originDir, etag, cacheControl, seedBytes, deployDrift,
                syncInterval, value, maxBodyBytes, nodeId, adminPort, lastModified, limits);
    }

    public ReplicaSettings withSeedBytes(int value) {
        return new ReplicaSettings(host, port, dataDir, originDir, etag, cacheControl, value, deployDrift,
                syncInterval, writeToken, maxBodyBytes, nodeId, adminPort, lastModified, limits);
    }

    public ReplicaSettings withMaxBodyBytes(int value) {
        return new ReplicaSettings(host, port, dataDir, originDir, etag, cacheControl, seedBytes, deployDrift,
                syncInterval, writeToken, value, nodeId, adminPort, lastModified, limits);
    }

    public ReplicaSettings withAdminPort(Integer value) {
        return new ReplicaSettings(host, port, dataDir, originDir, etag, cacheControl, seedBytes, deployDrift,
                syncInterval, writeToken, maxBodyBytes, nodeId, value, lastModified, limits);
    }

    public ReplicaSettings withDataDir(Path value) {
        return new ReplicaSettings(host, port, value, originDir, etag, cacheControl, seedBytes, deployDrift,
                syncInterval, writeToken, maxBodyBytes, nodeId, adminPort, lastModified, limits);
    }

    public ReplicaSettings withLimits(ListenerLimits value) {
        return new ReplicaSettings(host, port, dataDir, originDir, etag, cacheControl, seedBytes, deployDrift,
                syncInterval, writeToken, maxBodyBytes, nodeId, adminPort, lastModified, value);
    }

    public ReplicaSettings withLastModified(LastModifiedPolicy value) {
        return new ReplicaSettings(host, port, dataDir, originDir, etag, cacheControl, seedBytes, deployDrift,
                syncInterval, writeToken, maxBodyBytes, nodeId, adminPort, value, limits);
    }
}
