package dev.etaglab.lb.cluster;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SocketSnapshotTest {

    private static final Instant START = Instant.parse("2025-01-01T10:00:00Z");
    private static final Instant END = START.plusSeconds(30);

    private static SocketSnapshot at(Instant takenAt, String... lines) {
        return SocketSnapshot.parse(String.join("\n", lines) + "\n", takenAt);
    }

    @Test
    void noOutputIsNoSockets() {
        assertThat(SocketSnapshot.parse("", START).sockets(), is(anEmptyMap()));
    }

    @Test
    void socketInBothSnapshotsContributesTheDifferenceOfItsCounters() {
        SocketTraffic traffic = at(END, SsLines.RECEIVED_10).since(at(START, SsLines.FRESH));

        assertThat(traffic.window(), is(Duration.ofSeconds(30)));
        assertThat(traffic.bytesAcked(), is(100_000L));
        assertThat(traffic.bytesReceived(), is(10L));
        assertThat(traffic.segmentsOut(), is(4L));
        assertThat(traffic.segmentsIn(), is(3L));
        assertThat(traffic.socketsThroughout(), is(1));
        assertThat(traffic.complete(), is(true));
    }

    @Test
    void headerBytesOutAre52PerIpv4SegmentWithTimestamps() {
        SocketTraffic traffic = at(END, SsLines.SENT_100000).since(at(START, SsLines.FRESH));

        assertThat(traffic.segmentsOut(), is(3L));
        assertThat(traffic.headerBytesOut(), is(3L * 52));
    }

    @Test
    void headerBytesOutFollowEachSocketsAddressFamily() {
        SocketTraffic traffic = at(END, SsLines.SENT_100000, SsLines.IPV6).since(at(START));

        assertThat(traffic.headerBytesOut(), is(3L * 52 + 72));
    }

    @Test
    void socketThatAppearedContributesItsWholeCounts() {
        SocketTraffic traffic = at(END, SsLines.SENT_100000).since(at(START));

        assertThat(traffic.bytesAcked(), is(100_000L));
        assertThat(traffic.socketsAppeared(), is(1));
        assertThat(traffic.complete(), is(true));
    }

    @Test
    void socketThatDisappearedIsCountedButWhatItCarriedIsNot() {
        SocketTraffic traffic = at(END, SsLines.SENT_100000).since(at(START, SsLines.FRESH, SsLines.IPV6));

        assertThat(traffic.bytesAcked(), is(100_000L));
        assertThat(traffic.socketsThroughout(), is(1));
        assertThat(traffic.socketsDisappeared(), is(1));
        assertThat(traffic.complete(), is(false));
    }

    @Test
    void countersThatWentBackwardsAreANewConnectionOnTheSameFourTuple() {
        SocketTraffic traffic = at(END, SsLines.FRESH).since(at(START, SsLines.RECEIVED_10));

        assertThat(traffic.socketsDisappeared(), is(1));
        assertThat(traffic.socketsAppeared(), is(1));
        assertThat(traffic.bytesAcked(), is(0L));
        assertThat(traffic.segmentsIn(), is(2L));
    }

    @Test
    void retransmissionMakesTheHeaderFigureInexact() {
        SocketTraffic traffic = at(END, SsLines.STALLED).since(at(START, SsLines.MAPPED_IPV4));

        assertThat(traffic.bytesRetransmitted(), is(47_616L));
        assertThat(traffic.lossless(), is(false));
    }

    @Test
    void bytesStillQueuedAtTheEndWereWrittenButNotAcknowledged() {
        SocketTraffic traffic = at(END, SsLines.STALLED).since(at(START, SsLines.MAPPED_IPV4));

        assertThat(traffic.bytesAcked(), is(0L));
        assertThat(traffic.sendQueueAtEnd(), is(3_904_512L));
        assertThat(traffic.bytesWritten(), is(3_904_512L));
    }

    @Test
    void bytesQueuedAtTheStartWereAcknowledgedInsideTheWindowButWrittenBeforeIt() {
        // Made up from two real lines: the mapped socket just after the write, its 70,000 bytes not yet acked.
        SocketTraffic traffic = at(END, SsLines.MAPPED_IPV4).since(at(START, SsLines.FRESH.replace(
                "0      0      127.0.0.1:57445 127.0.0.1:49162", "0      70000 [::ffff:127.0.0.1]:41563"
                        + " [::ffff:127.0.0.1]:59526")));

        assertThat(traffic.bytesAcked(), is(70_000L));
        assertThat(traffic.sendQueueAtStart(), is(70_000L));
        assertThat(traffic.bytesWritten(), is(0L));
    }

    @Test
    void earlierSnapshotMustBeTakenFirst() {
        assertThrows(IllegalArgumentException.class, () -> at(START).since(at(END)));
    }

    @Test
    void socketListedTwiceIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> at(START, SsLines.FRESH, SsLines.SENT_100000));
    }
}
