package dev.etaglab.server.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * One replica per test class that Helidon's extensions route to. Helidon calls {@code @SetUpRoute}
 * statically, so the replica lives in a static holder with its own temporary directories.
 */
final class SharedReplica {

    static final String TOKEN = "test-token-0123456789";
    static final int MAX_BODY = 64 * 1024;

    private SharedReplica() {
    }

    static Replica create() {
        try {
            Path root = Files.createTempDirectory("etaglab-test-");
            root.toFile().deleteOnExit();
            ReplicaSettings settings = ReplicaSettings.loopback(root.resolve("replica"), root.resolve("origin"),
                            "sha256-cached")
                    .withWriteToken(TOKEN)
                    .withMaxBodyBytes(MAX_BODY);
            return Replica.create(settings, Clock.systemUTC());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
