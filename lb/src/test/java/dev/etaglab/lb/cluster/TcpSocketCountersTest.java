package dev.etaglab.lb.cluster;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TcpSocketCountersTest {

    @Test
    void countersSsLeavesOutWhileZeroReadAsZero() {
        TcpSocketCounters fresh = TcpSocketCounters.parse(SsLines.FRESH);

        assertThat(fresh.bytesSent(), is(0L));
        assertThat(fresh.bytesAcked(), is(0L));
        assertThat(fresh.bytesReceived(), is(0L));
        assertThat(fresh.segmentsOut(), is(0L));
        assertThat(fresh.segmentsIn(), is(2L));
    }

    @Test
    void everyCounterIsReadFromItsOwnField() {
        TcpSocketCounters socket = TcpSocketCounters.parse(SsLines.RECEIVED_10);

        assertThat(socket.endpoints(), is(new TcpSocketCounters.Endpoints("127.0.0.1:57445", "127.0.0.1:49162")));
        assertThat(socket.sendQueue(), is(0L));
        assertThat(socket.bytesSent(), is(100_000L));
        assertThat(socket.bytesAcked(), is(100_000L));
        assertThat(socket.bytesReceived(), is(10L));
        assertThat(socket.bytesRetransmitted(), is(0L));
        assertThat(socket.segmentsOut(), is(4L));
        assertThat(socket.segmentsIn(), is(5L));
        assertThat(socket.dataSegmentsOut(), is(3L));
        assertThat(socket.dataSegmentsIn(), is(1L));
        assertThat(socket.outOfOrderPacketsIn(), is(0L));
    }

    @Test
    void sendQueueAndRetransmissionsOfAStalledSocketAreRead() {
        TcpSocketCounters stalled = TcpSocketCounters.parse(SsLines.STALLED);

        assertThat(stalled.sendQueue(), is(3_904_512L));
        assertThat(stalled.bytesRetransmitted(), is(47_616L));
        assertThat(stalled.bytesAcked(), is(70_000L));
    }

    @Test
    void theTimerThatOptionOPrintsBeforeTheCountersIsSkipped() {
        TcpSocketCounters socket = TcpSocketCounters.parse(SsLines.MAPPED_IPV4);

        assertThat(socket.timestamps(), is(true));
        assertThat(socket.bytesAcked(), is(70_000L));
    }

    @Test
    void timestampsAreSeenOnlyWhereSsPrintsTs() {
        assertThat(TcpSocketCounters.parse(SsLines.FRESH).timestamps(), is(true));
        assertThat(TcpSocketCounters.parse(SsLines.TIMESTAMPS_OFF).timestamps(), is(false));
    }

    @Test
    void withoutOptionOSsHidesNegotiatedTimestamps() {
        // The reason KernelSocketCounters passes -o: this socket had timestamps, the line does not say so.
        assertThat(TcpSocketCounters.parse(SsLines.FRESH_WITHOUT_OPTIONS).timestamps(), is(false));
    }

    @Test
    void ipv4SegmentWithTimestampsCarries52HeaderBytes() {
        assertThat(TcpSocketCounters.parse(SsLines.FRESH).headerBytesPerSegment(), is(52));
    }

    @Test
    void segmentWithoutTimestampsCarries40HeaderBytes() {
        assertThat(TcpSocketCounters.parse(SsLines.TIMESTAMPS_OFF).headerBytesPerSegment(), is(40));
    }

    @Test
    void ipv6SegmentWithTimestampsCarries72HeaderBytes() {
        assertThat(TcpSocketCounters.parse(SsLines.IPV6).headerBytesPerSegment(), is(72));
    }

    @Test
    void ipv4ClientOfADualStackListenerIsIpv4OnTheWire() {
        assertThat(TcpSocketCounters.parse(SsLines.MAPPED_IPV4).headerBytesPerSegment(), is(52));
    }

    @Test
    void headerLineIsNotASocket() {
        var e = assertThrows(IllegalArgumentException.class, () -> TcpSocketCounters.parse(
                "Recv-Q Send-Q Local Address:Port  Peer Address:Port Process"));
        assertThat(e.getMessage(), containsString("Recv-Q Send-Q"));
    }

    @Test
    void lineWithAStateColumnIsNotWhatTheCommandPrints() {
        assertThrows(IllegalArgumentException.class, () -> TcpSocketCounters.parse("ESTAB " + SsLines.FRESH));
    }
}
