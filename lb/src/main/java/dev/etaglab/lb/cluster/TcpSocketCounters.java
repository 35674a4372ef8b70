package dev.etaglab.lb.cluster;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One established TCP socket's kernel counters ({@code struct tcp_info}), parsed from one line of
 * {@code ss -H -O -t -i -n -o state established}. All byte counts are TCP payload: no headers, no SYN or FIN.
 *
 * <p>{@code ss} leaves a counter out of the line while it is zero (a socket that has sent nothing has no
 * {@code bytes_acked} and no {@code segs_out}), so a missing counter reads as 0.
 *
 * @param endpoints          the socket's local and peer address
 * @param timestamps         the TCP timestamp option (RFC 7323) was negotiated: {@code ss} prints {@code ts}
 * @param sendQueue          bytes the application wrote that the peer has not acknowledged yet (the
 *                           {@code Send-Q} column, {@code write_seq - snd_una} for an established socket)
 * @param bytesSent          payload bytes sent, retransmissions included ({@code bytes_sent})
 * @param bytesAcked         payload bytes the peer acknowledged ({@code bytes_acked})
 * @param bytesReceived      payload bytes received in sequence ({@code bytes_received})
 * @param bytesRetransmitted payload bytes sent more than once ({@code bytes_retrans})
 * @param segmentsOut        segments sent, pure ACKs included ({@code segs_out})
 * @param segmentsIn         segments received, pure ACKs included ({@code segs_in})
 * @param dataSegmentsOut    segments sent that carried payload ({@code data_segs_out})
 * @param dataSegmentsIn     segments received that carried payload ({@code data_segs_in})
 * @param outOfOrderPacketsIn packets that arrived ahead of a gap ({@code rcv_ooopack})
 */
public record TcpSocketCounters(Endpoints endpoints, boolean timestamps, long sendQueue,
                                long bytesSent, long bytesAcked, long bytesReceived, long bytesRetransmitted,
                                long segmentsOut, long segmentsIn, long dataSegmentsOut, long dataSegmentsIn,
                                long outOfOrderPacketsIn) {

    /* RFC 9293 §3.1: the TCP header without options. */
    private static final int TCP_HEADER_BYTES = 20;
    /* RFC 7323 §3.2: the option is 10 bytes; Linux sends it behind two NOPs, 12 bytes, on every segment of a
       connection that negotiated it (tcp_established_options), pure ACKs included. */
    private static final int TIMESTAMP_OPTION_BYTES = 12;

    private static final Pattern COUNTER = Pattern.compile("[a-z_]+:\\d+");

    /**
     * The two ends of a socket, as {@code ss -n} prints them: {@code 127.0.0.1:8080},
     * {@code [::1]:8080}, {@code [::ffff:127.0.0.1]:8080}.
     */
    public record Endpoints(String local, String peer) {

        /* RFC 791 and RFC 8200: fixed headers; Linux adds no IP options or extension headers to TCP. */
        private static final int IPV4_HEADER_BYTES = 20;
        private static final int IPV6_HEADER_BYTES = 40;

        /**
         * The IP header on each of this socket's packets. An IPv4 client of a dual-stack (IPv6) listener shows
         * as {@code [::ffff:a.b.c.d]}, but its packets are IPv4.
         */
        public int ipHeaderBytes() {
            boolean ipv6 = local.startsWith("[") && !local.startsWith("[::ffff:");
            return ipv6 ? IPV6_HEADER_BYTES : IPV4_HEADER_BYTES;
        }
    }

    /** The counters of a socket that did not exist yet: where a connection that opens inside a window starts. */
    static TcpSocketCounters none(Endpoints endpoints, boolean timestamps) {
        return new TcpSocketCounters(endpoints, timestamps, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /**
     * @throws IllegalArgumentException for a line that is not one socket of {@code ss -H -O -t -i -n -o state
     *                                  established}: a changed output format must stop the measurement, not
     *                                  read as a socket that sent nothing
     */
    public static TcpSocketCounters parse(String line) {
        // With one state filter ss prints no State column: Recv-Q Send-Q Local Peer, then -o's timer and -i's info.
        String[] fields = line.strip().split("\\s+");
        if (fields.length < 4 || !fields[0].matches("\\d+") || !fields[1].matches("\\d+")
                || !fields[2].contains(":") || !fields[3].contains(":")) {
            throw new IllegalArgumentException("not a socket line of `ss -H -O -t -i -n -o state established`: "
                    + line);
        }
        boolean timestamps = false;
        Map<String, Long> counters = new HashMap<>();
        for (int i = 4; i < fields.length; i++) {
            String field = fields[i];
            if (field.equals("ts")) {
                timestamps = true;
            } else if (COUNTER.matcher(field).matches()) {
                int colon = field.indexOf(':');
                counters.put(field.substring(0, colon), Long.parseLong(field.substring(colon + 1)));
            }
        }
        return new TcpSocketCounters(new Endpoints(fields[2], fields[3]), timestamps, Long.parseLong(fields[1]),
                counters.getOrDefault("bytes_sent", 0L),
                counters.getOrDefault("bytes_acked", 0L),
                counters.getOrDefault("bytes_received", 0L),
                counters.getOrDefault("bytes_retrans", 0L),
                counters.getOrDefault("segs_out", 0L),
                counters.getOrDefault("segs_in", 0L),
                counters.getOrDefault("data_segs_out", 0L),
                counters.getOrDefault("data_segs_in", 0L),
                counters.getOrDefault("rcv_ooopack", 0L));
    }

    /**
     * IP and TCP header bytes on each segment this socket sends, when no SACK blocks ride along (see
     * {@link SocketTraffic#lossless()}): 20 (IPv4) or 40 (IPv6) + 20 + 12 with timestamps.
     *
     * <p>A segment is what TCP sized to the MSS. On a NIC with segmentation offload, or on loopback, several
     * leave the stack as one large packet, but {@code segs_out} counts each of them, as a wire without offload
     * would carry them.
     */
    public int headerBytesPerSegment() {
        return endpoints.ipHeaderBytes() + TCP_HEADER_BYTES + (timestamps ? TIMESTAMP_OPTION_BYTES : 0);
    }

    /*
     * A four-tuple the kernel handed to a new connection between two snapshots: its counters started again
     * from zero. Every counter here only grows on one socket (the segment counters are 32 bits wide and would
     * wrap after 2^32 segments, far more than one connection of a run sends).
     */
    boolean restartedSince(TcpSocketCounters earlier) {
        return bytesAcked < earlier.bytesAcked || bytesReceived < earlier.bytesReceived
                || segmentsOut < earlier.segmentsOut || segmentsIn < earlier.segmentsIn;
    }
}
