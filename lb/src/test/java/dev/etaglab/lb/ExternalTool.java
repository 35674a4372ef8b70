package dev.etaglab.lb;

import java.nio.file.Path;
import java.util.Optional;

import dev.etaglab.lb.cluster.Executables;
import org.junit.jupiter.api.Assumptions;

/**
 * A program from a Debian package that a test drives (nginx, HAProxy, promtool). Where it is missing the
 * test is skipped with the install command — unless {@code ETAGLAB_REQUIRE_TOOLS=1}, which {@code .ci/run}
 * sets after installing them all: CI must never skip these silently.
 */
public final class ExternalTool {

    private ExternalTool() {
    }

    /** The program's path ({@link Executables#find}); skips or fails when it is missing. */
    public static Path require(String program, String debianPackage) {
        Optional<Path> found = Executables.find(program);
        if (found.isEmpty()) {
            String message = program + " is not installed: sudo apt-get install -y " + debianPackage;
            if ("1".equals(System.getenv("ETAGLAB_REQUIRE_TOOLS"))) {
                throw new IllegalStateException(message + " (ETAGLAB_REQUIRE_TOOLS=1: required here)");
            }
            Assumptions.abort(message);
        }
        return found.get();
    }
}
