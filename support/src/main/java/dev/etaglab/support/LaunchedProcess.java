package dev.etaglab.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The contract between a launcher and the processes it starts (replicas, the load balancer): a child
 * bound to port 0 reports its ports in a file, and exits when its launcher does, so that no process
 * outlives the cluster — not even when the launcher is killed with SIGKILL.
 */
public final class LaunchedProcess {

    private LaunchedProcess() {
    }

    /** Writes the ports, space-separated, whole: to a temp file renamed into place, so a reader never sees half. */
    public static void writePortFile(Path file, int... ports) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, Arrays.stream(ports).mapToObj(Integer::toString).collect(Collectors.joining(" ")),
                StandardCharsets.US_ASCII);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Runs {@code stop} and exits when process {@code pid} ends; if it is already gone, does so now.
     *
     * @param name how this process calls itself in the one line it prints
     */
    public static void exitWithParent(long pid, String name, Runnable stop) {
        Optional<ProcessHandle> parent = ProcessHandle.of(pid);
        if (parent.isEmpty() || !parent.get().isAlive()) {
            System.err.println(name + ": parent process " + pid + " is gone; exiting");
            stop.run();
            System.exit(1);
        }
        parent.get().onExit().thenRun(() -> {
            System.err.println(name + ": parent process " + pid + " exited; stopping");
            stop.run();
            System.exit(0);
        });
    }
}
