package dev.etaglab.lb.cluster;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** Programs from Debian packages that the lab drives (nginx, HAProxy, promtool in tests). */
public final class Executables {

    private Executables() {
    }

    /** {@code name} on {@code PATH}, or in the sbin folders a non-root {@code PATH} often lacks. */
    public static Optional<Path> find(String name) {
        Stream<String> path = Optional.ofNullable(System.getenv("PATH")).stream()
                .flatMap(p -> Stream.of(p.split(File.pathSeparator)));
        return Stream.concat(path, Stream.of("/usr/sbin", "/usr/local/sbin", "/sbin"))
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, name))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
