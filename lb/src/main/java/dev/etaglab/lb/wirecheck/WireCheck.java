package dev.etaglab.lb.wirecheck;

import dev.etaglab.support.Sha256;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The cross-replica validator check: fetch the resource from every replica directly (and through the
 * load balancer several times), log each exchange on the wire, tabulate ETag and Last-Modified per
 * replica and per encoding, and fail when replicas holding identical content disagree on a validator —
 * the per-node ETag bug, caught in one command.
 *
 * <p>It also revalidates each replica's tag against every other replica: that matrix is what a client
 * behind a load balancer actually experiences (304 = the tag survived the hop, 200 = full body again).
 */
public final class WireCheck {

    /** The encodings a client may ask for; a replica that ignores gzip answers identity to both. */
    static final List<String> ENCODINGS = List.of("identity", "gzip");

    private WireCheck() {
    }

    /** One replica's answer for one requested encoding. */
    record Observation(String replica, String encoding, int status, String etag, String lastModified,
                       String contentEncoding, int bytes, String contentSha256) {
    }

    /** The outcome: pass when every group of identical content agrees on every validator. */
    public record Verdict(boolean consistent, List<String> problems) {
    }

    public static Verdict run(List<URI> replicas, URI loadBalancer, int lbRequests, PrintStream out)
            throws IOException {
        List<Observation> observations = new ArrayList<>();
        for (int i = 0; i < replicas.size(); i++) {
            for (String encoding : ENCODINGS) {
                URI base = replicas.get(i);
                WireExchange exchange = WireExchange.get(base, "/resource", Map.of("Accept-Encoding", encoding));
                String digest = sha256(exchange.body());
                out.printf(Locale.ROOT, "== replica-%d %s (Accept-Encoding: %s)%n", i, base, encoding);
                out.println(exchange.log(digest));
                observations.add(new Observation("replica-" + i, encoding, exchange.status(),
                        exchange.field("ETag").orElse("(none)"), exchange.field("Last-Modified").orElse("(none)"),
                        exchange.field("Content-Encoding").orElse("identity"), exchange.body().length, digest));
            }
        }
        printTable(observations, out);
        printRevalidationMatrix(replicas, observations, out);
        if (loadBalancer != null) {
            printThroughLoadBalancer(loadBalancer, lbRequests, observations, out);
        }
        Verdict verdict = judge(observations);
        out.println();
        if (verdict.consistent()) {
            out.println("RESULT: PASS — replicas holding identical content send identical validators");
        } else {
            out.println("RESULT: FAIL — replicas holding identical content disagree on validators:");
            verdict.problems().forEach(p -> out.println("  - " + p));
        }
        return verdict;
    }

    /** Groups observations by (encoding, content) and demands one ETag and one Last-Modified per group. */
    static Verdict judge(List<Observation> observations) {
        Map<String, List<Observation>> groups = new LinkedHashMap<>();
        for (Observation o : observations) {
            groups.computeIfAbsent(o.encoding() + " " + o.contentEncoding() + " " + o.contentSha256(),
                    k -> new ArrayList<>()).add(o);
        }
        List<String> problems = new ArrayList<>();
        groups.forEach((key, group) -> {
            if (group.size() < 2) {
                return;
            }
            Set<String> etags = new LinkedHashSet<>();
            Set<String> lastModified = new LinkedHashSet<>();
            group.forEach(o -> {
                etags.add(o.etag());
                lastModified.add(o.lastModified());
            });
            String who = group.stream().map(Observation::replica).distinct().toList().toString();
            String what = String.format(Locale.ROOT, "%s content (sha256 %s…, Accept-Encoding: %s)",
                    group.getFirst().contentEncoding(), group.getFirst().contentSha256().substring(0, 12),
                    group.getFirst().encoding());
            if (etags.size() > 1) {
                problems.add(who + " serve identical " + what + " with " + etags.size() + " different ETags " + etags);
            }
            if (lastModified.size() > 1) {
                problems.add(who + " serve identical " + what + " with " + lastModified.size()
                        + " different Last-Modified values " + lastModified);
            }
        });
        return new Verdict(problems.isEmpty(), problems);
    }

    private static void printTable(List<Observation> observations, PrintStream out) {
        out.println("Validators per replica");
        out.println();
        out.println("| replica | Accept-Encoding | status | Content-Encoding | ETag | Last-Modified | bytes | content sha256 |");
        out.println("|---|---|---|---|---|---|---|---|");
        for (Observation o : observations) {
            out.printf(Locale.ROOT, "| %s | %s | %d | %s | `%s` | %s | %d | %s… |%n", o.replica(), o.encoding(),
                    o.status(), o.contentEncoding(), o.etag(), o.lastModified(), o.bytes(),
                    o.contentSha256().substring(0, 12));
        }
        out.println();
    }

    private static void printRevalidationMatrix(List<URI> replicas, List<Observation> observations, PrintStream out)
            throws IOException {
        out.println("Revalidation across replicas (identity): the tag from the row's replica sent to the column's");
        out.println();
        StringBuilder header = new StringBuilder("| If-None-Match from \\ sent to |");
        StringBuilder rule = new StringBuilder("|---|");
        for (int j = 0; j < replicas.size(); j++) {
            header.append(" replica-").append(j).append(" |");
            rule.append("---|");
        }
        out.println(header);
        out.println(rule);
        List<Observation> identity = observations.stream().filter(o -> o.encoding().equals("identity")).toList();
        for (Observation from : identity) {
            StringBuilder row = new StringBuilder("| " + from.replica() + " `" + from.etag() + "` |");
            for (URI to : replicas) {
                int status = WireExchange.get(to, "/resource",
                        Map.of("Accept-Encoding", "identity", "If-None-Match", from.etag())).status();
                row.append(' ').append(status).append(" |");
            }
            out.println(row);
        }
        out.println();
    }

    private static void printThroughLoadBalancer(URI lb, int requests, List<Observation> observations,
                                                 PrintStream out) throws IOException {
        out.printf(Locale.ROOT, "Through the load balancer %s (%d requests)%n%n", lb, requests);
        for (int i = 1; i <= requests; i++) {
            WireExchange exchange = WireExchange.get(lb, "/resource", Map.of("Accept-Encoding", "identity"));
            String etag = exchange.field("ETag").orElse("(none)");
            String servedBy = observations.stream()
                    .filter(o -> o.encoding().equals("identity") && o.etag().equals(etag))
                    .map(Observation::replica).distinct().toList().toString();
            out.printf(Locale.ROOT, "== request %d: %s, ETag %s (matches %s)%n", i, exchange.statusLine(), etag,
                    servedBy);
            if (i == 1) {
                out.println(exchange.log(sha256(exchange.body())));
            }
        }
    }

    static String sha256(byte[] bytes) {
        return Sha256.hex(bytes);
    }
}
