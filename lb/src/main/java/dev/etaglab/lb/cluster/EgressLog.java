package dev.etaglab.lb.cluster;

import io.helidon.http.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Responses and egress bytes by status code, read from an external balancer's access log: the figures
 * lb.jar exports on {@code /metrics}, for balancers that have no such endpoint.
 *
 * <ul>
 *   <li>nginx logs {@code $status $bytes_sent}: bytes it sent to the client, status line, header and body,
 *       exactly as lb.jar counts them.</li>
 *   <li>HAProxy has no such figure ({@code %B} counts its internal message form, not the bytes on
 *       the wire; {@code ExternalBalancerIT} compares what this class computes with a raw client). Its config records the header block after every rewrite ({@code res.hdrs}, which
 *       HAProxy serialises with the final blank line) and the body length; the status line is added here.
 *       That is what it writes for keep-alive HTTP/1.1 responses framed by Content-Length, which is every
 *       response of our replicas; HAProxy's own error pages and {@code Connection: close} answers are not
 *       covered and are reported as {@link Totals#unmeasured()}.</li>
 * </ul>
 *
 * @see #HAPROXY_LOG_CONFIG
 */
public final class EgressLog {

    /** Filled into {@code haproxy.cfg.template} by the cluster launcher. */
    static final String HAPROXY_LOG_CONFIG = """
                # Egress per response, for the experiment: the header block as sent (after the rewrites above)
                # and the body length; rules run in order, so the HEAD, 204 and 304 rules override the first
                # one (our 204s and 304s carry no Content-Length, RFC 9110 §8.6, and have no body).
                http-response set-var(txn.header_bytes) res.hdrs,length
                http-response set-var(txn.body_bytes) res.hdr(content-length)
                http-response set-var(txn.body_bytes) int(0) if METH_HEAD
                http-response set-var(txn.body_bytes) int(0) if { status 204 304 }
                log stdout format raw local0 info
                log-format "%ST %[var(txn.header_bytes)] %[var(txn.body_bytes)]\"""";

    private EgressLog() {
    }

    /**
     * @param responses  responses by status code
     * @param egressBytes bytes written to clients by status code
     * @param unmeasured responses whose size the log does not give (see the class comment)
     */
    public record Totals(Map<String, Long> responses, Map<String, Long> egressBytes, long unmeasured) {
    }

    public static Totals read(Balancer kind, Path accessLog) throws IOException {
        Map<String, Long> responses = new TreeMap<>();
        Map<String, Long> egress = new TreeMap<>();
        long unmeasured = 0;
        for (String line : Files.readAllLines(accessLog, StandardCharsets.ISO_8859_1)) {
            String[] fields = line.strip().split(" ");
            if (fields.length < 2 || !fields[0].matches("\\d{3}")) {
                continue; // a line being written right now, or not ours
            }
            String code = fields[0];
            responses.merge(code, 1L, Long::sum);
            long bytes = switch (kind) {
                case NGINX -> parse(fields[1]);
                case HAPROXY -> fields.length < 3 || parse(fields[1]) < 0 || parse(fields[2]) < 0 ? -1
                        : statusLineBytes(Integer.parseInt(code)) + parse(fields[1]) + parse(fields[2]);
                case LB -> throw new IllegalArgumentException("lb.jar exports /metrics; it writes no access log");
            };
            if (bytes < 0) {
                unmeasured++;
            } else {
                egress.merge(code, bytes, Long::sum);
            }
        }
        return new Totals(responses, egress, unmeasured);
    }

    /* "HTTP/1.1 304 Not Modified\r\n": HAProxy passes our replicas' reason phrases, which are Helidon's. */
    static long statusLineBytes(int code) {
        return ("HTTP/1.1 " + code + " " + Status.create(code).reasonPhrase() + "\r\n").length();
    }

    private static long parse(String field) {
        try {
            return Long.parseLong(field);
        } catch (NumberFormatException notLogged) {
            return -1; // HAProxy logs "-" for a variable its rules never set
        }
    }
}
