package dev.etaglab.lb.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The kernel counters of every established TCP socket on one local port at one instant (see
 * {@link KernelSocketCounters}), keyed by the socket's two ends.
 *
 * @param takenAt when {@code ss} was started
 * @param sockets each socket's counters
 */
public record SocketSnapshot(Instant takenAt, Map<TcpSocketCounters.Endpoints, TcpSocketCounters> sockets) {

    public SocketSnapshot {
        sockets = Map.copyOf(sockets);
    }

    /**
     * @param ssOutput what {@code ss -H -O -t -i -n -o state established ...} printed: one socket per line
     * @throws IllegalArgumentException for a line that is not a socket, or two lines for one socket
     */
    public static SocketSnapshot parse(String ssOutput, Instant takenAt) {
        Map<TcpSocketCounters.Endpoints, TcpSocketCounters> sockets = new HashMap<>();
        for (String line : ssOutput.split("\n")) {
            if (line.isBlank()) {
                continue; // no sockets at all prints nothing, not even a header (-H)
            }
            TcpSocketCounters socket = TcpSocketCounters.parse(line);
            if (sockets.put(socket.endpoints(), socket) != null) {
                throw new IllegalArgumentException("ss listed " + socket.endpoints() + " twice:\n" + ssOutput);
            }
        }
        return new SocketSnapshot(takenAt, sockets);
    }

    /**
     * What the sockets carried between {@code earlier} and this snapshot.
     *
     * <p>A socket in both snapshots contributes the difference of its counters. A socket that appeared
     * contributes everything it counted, since it counted from zero inside the window. A socket that
     * disappeared (closed, or left the established state, between the snapshots) takes its last counts with
     * it: what it carried after {@code earlier} is in no figure, and {@link SocketTraffic#socketsDisappeared()}
     * says how many such sockets there were. A socket whose counters went backwards is a new connection on the
     * same four-tuple, and counts as one that disappeared and one that appeared.
     */
    public SocketTraffic since(SocketSnapshot earlier) {
        if (earlier.takenAt.isAfter(takenAt)) {
            throw new IllegalArgumentException("the earlier snapshot (" + earlier.takenAt
                    + ") was taken after this one (" + takenAt + ")");
        }
        List<Span> spans = new ArrayList<>();
        int throughout = 0;
        int appeared = 0;
        int restarted = 0;
        for (TcpSocketCounters end : sockets.values()) {
            TcpSocketCounters start = earlier.sockets.get(end.endpoints());
            if (start == null) {
                appeared++;
            } else if (end.restartedSince(start)) {
                restarted++;
            } else {
                throughout++;
                spans.add(new Span(start, end));
                continue;
            }
            spans.add(new Span(TcpSocketCounters.none(end.endpoints(), end.timestamps()), end));
        }
        int disappeared = (int) earlier.sockets.keySet().stream().filter(k -> !sockets.containsKey(k)).count();
        return new SocketTraffic(Duration.between(earlier.takenAt, takenAt),
                sum(spans, TcpSocketCounters::bytesAcked),
                sum(spans, TcpSocketCounters::bytesReceived),
                sum(spans, TcpSocketCounters::segmentsOut),
                sum(spans, TcpSocketCounters::segmentsIn),
                spans.stream().mapToLong(s -> (s.end.segmentsOut() - s.start.segmentsOut())
                        * s.end.headerBytesPerSegment()).sum(),
                sum(spans, TcpSocketCounters::bytesRetransmitted),
                sum(spans, TcpSocketCounters::outOfOrderPacketsIn),
                spans.stream().mapToLong(s -> s.start.sendQueue()).sum(),
                spans.stream().mapToLong(s -> s.end.sendQueue()).sum(),
                throughout, appeared + restarted, disappeared + restarted);
    }

    /* One socket's counters at the start and the end of a window. */
    private record Span(TcpSocketCounters start, TcpSocketCounters end) {
    }

    private static long sum(List<Span> spans, ToLongFunction<TcpSocketCounters> counter) {
        return spans.stream().mapToLong(s -> counter.applyAsLong(s.end) - counter.applyAsLong(s.start)).sum();
    }
}
