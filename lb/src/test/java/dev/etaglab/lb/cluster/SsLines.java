package dev.etaglab.lb.cluster;

/**
 * Real lines of {@code ss -H -O -t -i -n -o state established 'sport = :PORT'} (iproute2 6.1.0, Linux 6.18,
 * loopback, BBR), captured from Python sockets: server sockets watched from accept to a stalled peer.
 */
final class SsLines {

    /** Just accepted: nothing sent yet, so no bytes_acked, bytes_sent or segs_out at all. */
    static final String FRESH = "0      0      127.0.0.1:57445 127.0.0.1:49162 ts sack bbr wscale:10,10 rto:200"
            + " rtt:0.023/0.011 mss:32768 pmtu:65535 rcvmss:536 advmss:65483 cwnd:10 segs_in:2"
            + " bbr:(bw:0bps,mrtt:0.023) send 113975652174bps lastsnd:4 lastrcv:4 lastack:4"
            + " pacing_rate 325725462640bps delivered:1 app_limited rcv_space:65483 rcv_ssthresh:65483"
            + " minrtt:0.023 snd_wnd:65536";

    /** The same socket after writing 100,000 bytes that the client read. */
    static final String SENT_100000 = "0      0      127.0.0.1:57445 127.0.0.1:49162 ts sack bbr wscale:10,10"
            + " rto:204 rtt:0.03/0.021 mss:47616 pmtu:65535 rcvmss:536 advmss:65483 cwnd:13 bytes_sent:100000"
            + " bytes_acked:100000 segs_out:3 segs_in:4 data_segs_out:3 bbr:(bw:7935992424bps,mrtt:0.011,"
            + "pacing_gain:2.88672,cwnd_gain:2.88672) send 165068800000bps lastsnd:52 lastrcv:60 lastack:52"
            + " pacing_rate 325725462640bps delivery_rate 7936000000bps delivered:4 rcv_space:65483"
            + " rcv_ssthresh:65483 minrtt:0.011 snd_wnd:93184";

    /** The same socket after then reading 10 bytes from the client. */
    static final String RECEIVED_10 = "0      0      127.0.0.1:57445 127.0.0.1:49162 ts sack bbr wscale:10,10"
            + " rto:204 rtt:0.03/0.021 ato:40 mss:47616 pmtu:65535 rcvmss:536 advmss:65483 cwnd:13"
            + " bytes_sent:100000 bytes_acked:100000 bytes_received:10 segs_out:4 segs_in:5 data_segs_out:3"
            + " data_segs_in:1 bbr:(bw:7935992424bps,mrtt:0.011,pacing_gain:2.88672,cwnd_gain:2.88672)"
            + " send 165068800000bps lastsnd:108 lastrcv:56 lastack:56 pacing_rate 325725462640bps"
            + " delivery_rate 7936000000bps delivered:4 rcv_space:65483 rcv_ssthresh:65483 minrtt:0.011"
            + " snd_wnd:95232";

    /** Like {@link #FRESH} but from a run of ss without -o: timestamps were negotiated, yet no "ts". */
    static final String FRESH_WITHOUT_OPTIONS = "0      0      127.0.0.1:48381 127.0.0.1:33896 bbr wscale:10,10"
            + " rto:200 rtt:0.036/0.018 mss:32768 pmtu:65535 rcvmss:536 advmss:65483 cwnd:10 segs_in:2"
            + " bbr:(bw:0bps,mrtt:0.036) send 72817777778bps lastsnd:8 lastrcv:8 lastack:8"
            + " pacing_rate 208102365264bps delivered:1 app_limited rcv_space:65483 rcv_ssthresh:65483"
            + " minrtt:0.036 snd_wnd:65536";

    /**
     * {@link #SENT_100000} again, in a network namespace of its own with {@code net.ipv4.tcp_timestamps=0}:
     * SACK negotiated, timestamps not.
     */
    static final String TIMESTAMPS_OFF = "0      0      127.0.0.1:54513 127.0.0.1:43264 sack bbr wscale:10,10"
            + " rto:204 rtt:0.031/0.013 mss:47616 pmtu:65535 rcvmss:536 advmss:65495 cwnd:13 bytes_sent:100000"
            + " bytes_acked:100000 segs_out:3 segs_in:4 data_segs_out:3 bbr:(bw:13365889160bps,mrtt:0.018,"
            + "pacing_gain:2.88672,cwnd_gain:2.88672) send 159744000000bps lastsnd:52 lastrcv:56 lastack:52"
            + " pacing_rate 267560190296bps delivery_rate 13365894736bps delivered:4 rcv_space:65495"
            + " rcv_ssthresh:65495 minrtt:0.018 snd_wnd:93184";

    /** An IPv6 listener on ::1 after writing 5,000 bytes. */
    static final String IPV6 = "0      0      [::1]:35557 [::1]:53610 ts sack bbr wscale:10,10 rto:204"
            + " rtt:0.019/0.01 mss:53760 pmtu:65536 rcvmss:536 advmss:65464 cwnd:11 bytes_sent:5000"
            + " bytes_acked:5000 segs_out:1 segs_in:3 data_segs_out:1 bbr:(bw:47786663816bps,mrtt:0.009,"
            + "pacing_gain:2.88672,cwnd_gain:2.88672) send 248993684211bps lastsnd:52 lastrcv:52 lastack:52"
            + " pacing_rate 356746950160bps delivery_rate 47786666664bps delivered:2 app_limited"
            + " rcv_space:65464 rcv_ssthresh:65464 minrtt:0.009 snd_wnd:107520";

    /**
     * A dual-stack listener (::, IPV6_V6ONLY off) with an IPv4 client and SO_KEEPALIVE, after writing 70,000
     * bytes: -o puts the keepalive timer between the addresses and the counters.
     */
    static final String MAPPED_IPV4 = "0      0      [::ffff:127.0.0.1]:41563 [::ffff:127.0.0.1]:59526"
            + " timer:(keepalive,119min,0) ts sack bbr wscale:10,10 rto:204 rtt:0.063/0.039 mss:47616"
            + " pmtu:65535 rcvmss:536 advmss:65483 cwnd:13 bytes_sent:70000 bytes_acked:70000 segs_out:3"
            + " segs_in:4 data_segs_out:3 bbr:(bw:42325330808bps,mrtt:0.01,pacing_gain:2.88672,"
            + "cwnd_gain:2.88672) send 78604190476bps lastsnd:56 lastrcv:56 lastack:56"
            + " pacing_rate 120959512784bps delivery_rate 42325333328bps delivered:4 rcv_space:65483"
            + " rcv_ssthresh:65483 minrtt:0.01 snd_wnd:58368";

    /**
     * The same socket once the client stopped reading (4 KiB receive buffer) and the server kept writing:
     * megabytes queued (Send-Q), and a retransmission into the full window, on loopback.
     */
    static final String STALLED = "0      3904512 [::ffff:127.0.0.1]:41563 [::ffff:127.0.0.1]:59526"
            + " timer:(on,108ms,0) ts sack bbr wscale:10,10 rto:204 rtt:0.063/0.039 mss:47616 pmtu:65535"
            + " rcvmss:536 advmss:65483 cwnd:13 bytes_sent:165232 bytes_retrans:47616 bytes_acked:70000"
            + " segs_out:5 segs_in:6 data_segs_out:5 bbr:(bw:42325330808bps,mrtt:0.01,pacing_gain:2.88672,"
            + "cwnd_gain:2.88672) send 78604190476bps lastsnd:96 lastrcv:364 lastack:96"
            + " pacing_rate 120959512784bps delivery_rate 42325333328bps delivered:4 busy:304ms"
            + " rwnd_limited:304ms(100.0%) unacked:1 retrans:0/1 rcv_space:65483 rcv_ssthresh:65483"
            + " notsent:3856896 minrtt:0.01";

    private SsLines() {
    }
}
