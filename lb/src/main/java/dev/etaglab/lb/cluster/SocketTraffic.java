package dev.etaglab.lb.cluster;

import java.time.Duration;

/**
 * What the sockets of one local port carried between two {@link SocketSnapshot}s, as the kernel counted it
 * ({@link SocketSnapshot#since}). "Out" is what the local side sent: for the balancer's listening port,
 * what the balancer sent its clients.
 *
 * @param window             time between the two snapshots
 * @param bytesAcked         payload bytes the local side sent and the peers acknowledged: delivered, each
 *                           byte once, however often it was retransmitted
 * @param bytesReceived      payload bytes the local side received from the peers
 * @param segmentsOut        segments the local side sent, pure ACKs and retransmissions included
 * @param segmentsIn         segments the local side received
 * @param headerBytesOut     IP and TCP header bytes of {@code segmentsOut}, never part of {@code bytesAcked}:
 *                           per segment, 20 (IPv4) or 40 (IPv6) + 20 (TCP) + 12 where the timestamp option
 *                           was negotiated ({@link TcpSocketCounters#headerBytesPerSegment()}). Exact only
 *                           when {@link #lossless()}; otherwise SACK blocks may have ridden on some ACKs
 * @param bytesRetransmitted payload bytes the local side sent again (evidence of loss or of a peer that stopped
 *                           reading)
 * @param outOfOrderPacketsIn packets the local side received ahead of a gap
 * @param sendQueueAtStart   bytes written but not yet acknowledged at the first snapshot, on the sockets in
 *                           both snapshots: acknowledged inside this window, so in {@code bytesAcked}, though
 *                           written before it
 * @param sendQueueAtEnd     bytes written but not yet acknowledged at the second snapshot: written inside the
 *                           window, not in {@code bytesAcked}
 * @param socketsThroughout  sockets in both snapshots
 * @param socketsAppeared    sockets only in the second snapshot (their whole counts are included)
 * @param socketsDisappeared sockets only in the first snapshot; what they carried after it is in no figure
 */
public record SocketTraffic(Duration window, long bytesAcked, long bytesReceived, long segmentsOut,
                            long segmentsIn, long headerBytesOut, long bytesRetransmitted,
                            long outOfOrderPacketsIn, long sendQueueAtStart, long sendQueueAtEnd,
                            int socketsThroughout, int socketsAppeared, int socketsDisappeared) {

    /**
     * No socket closed inside the window, so every byte the port carried in it is counted. A caller comparing
     * these figures with a balancer's own should refuse a window where this is false.
     */
    public boolean complete() {
        return socketsDisappeared == 0;
    }

    /**
     * The local side retransmitted nothing and received nothing out of order: then none of its ACKs carried
     * SACK blocks (RFC 2018 §4: a receiver adds them while it holds data beyond a gap), and
     * {@link #headerBytesOut()} is exact. One case stays invisible here: a segment a peer resent needlessly
     * draws a D-SACK block (RFC 2883), and the local counters do not show that the peer resent it. Loopback
     * loses nothing, but the kernel still retransmits into a window that a peer which stopped reading keeps
     * full.
     */
    public boolean lossless() {
        return bytesRetransmitted == 0 && outOfOrderPacketsIn == 0;
    }

    /**
     * Payload bytes the local application wrote inside the window: {@code bytesAcked - sendQueueAtStart +
     * sendQueueAtEnd}. This is what a balancer counts as sent; it equals {@code bytesAcked} when every
     * byte had been acknowledged at both snapshots.
     */
    public long bytesWritten() {
        return bytesAcked - sendQueueAtStart + sendQueueAtEnd;
    }
}
