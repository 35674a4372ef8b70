package dev.etaglab.lb.wirecheck;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./lab wirecheck --replica URL ... [--lb URL]}: exit 0 when replicas holding identical content
 * agree on ETag and Last-Modified, 1 when they do not, 2 on bad usage, 3 when a server is unreachable.
 */
@Command(name = "wirecheck", mixinStandardHelpOptions = true, version = "etag-lab wirecheck 0.1", sortOptions = false,
        description = {"Fetch /resource from every replica (and through the load balancer), print a curl -v style",
                "wire log and a validator table, and fail when replicas with identical content disagree."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:replicas agree", "1:replicas with identical content disagree on a validator",
                "2:bad usage", "3:a server could not be reached"})
public final class WireCheckMain implements Callable<Integer> {

    @Option(names = "--replica", required = true, paramLabel = "URL",
            description = "A replica's base URL, e.g. http://127.0.0.1:8081 (repeat for each).")
    List<URI> replicas = new ArrayList<>();

    @Option(names = "--lb", paramLabel = "URL", description = "The load balancer's base URL (optional).")
    URI loadBalancer;

    @Option(names = "--lb-requests", defaultValue = "6", paramLabel = "N",
            description = "Requests sent through the load balancer (default: ${DEFAULT-VALUE}).")
    int lbRequests;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the report to FILE.")
    Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new WireCheckMain()).execute(args));
    }

    @Override
    public Integer call() {
        try {
            var buffer = new java.io.ByteArrayOutputStream();
            WireCheck.Verdict verdict;
            try (PrintStream report = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
                verdict = WireCheck.run(replicas, loadBalancer, lbRequests, report);
            }
            String text = buffer.toString(StandardCharsets.UTF_8);
            System.out.print(text);
            if (out != null) {
                Files.writeString(out, text, StandardCharsets.UTF_8);
            }
            return verdict.consistent() ? 0 : 1;
        } catch (IOException e) {
            System.err.println("wirecheck: " + e.getMessage());
            return 3;
        }
    }
}
