package dev.etaglab.support.web;

import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds how long a client may make a handler wait for its request body: {@code timeout}, plus one second
 * for every {@code minRate} bytes received (Apache's mod_reqtimeout, {@code body=20,MinRate=500}). Only the
 * time a read spends waiting for the client counts, so a fast upload to a slow consumer (the balancer
 * relaying to a busy backend) is never cut.
 *
 * <p>Helidon 4.5 bounds a body's size, not its pace, and its idle check leaves a connection that is inside a
 * request alone: a client that trickles a body, or stops half-way, holds the connection and its thread (and,
 * through the balancer, a backend connection) for ever. When the allowance runs out while the handler is
 * waiting for body bytes, the sweeper answers 408 Request Timeout with {@code Connection: close} (RFC 9110
 * §15.5.9) and interrupts the waiting read, which closes the socket (JEP 444: a virtual thread's blocking
 * socket read). The read then fails with {@link CloseConnectionException}, so the handler acts on nothing
 * half-received and Helidon closes the connection without a second answer.
 *
 * <p>Install before any filter or handler touches the request's content: Helidon fixes the content stream
 * when it is first asked for.
 */
final class BodyDeadline implements Filter {

    private final long timeoutNanos;
    private final long minRate;
    private final Set<Body> reading = ConcurrentHashMap.newKeySet();

    BodyDeadline(Duration timeout, long minRate) {
        this.timeoutNanos = timeout.toNanos();
        this.minRate = minRate;
        DeadlineSweeper.every(timeout, this::sweep);
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        // A no-op on a request without content; asking content().hasEntity() here would fix the stream unfiltered.
        req.streamFilter(in -> new Body(in, res));
        chain.proceed();
    }

    /** How long a client that has sent {@code received} bytes may have kept the handler waiting in total. */
    long allowedWaitNanos(long received) {
        if (minRate == 0) {
            return timeoutNanos;
        }
        // Whole seconds are capped at ~31 years, and minRate at 1 GB/s, so nothing here overflows a long.
        long seconds = Math.min(received / minRate, 1_000_000_000L);
        long fraction = received % minRate * 1_000_000_000L / minRate;
        long earned = seconds * 1_000_000_000L + fraction;
        return timeoutNanos > Long.MAX_VALUE - earned ? Long.MAX_VALUE : timeoutNanos + earned;
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Body body : reading) {
            if (body.overdue(now)) {
                body.timeOut();
            }
        }
    }

    /**
     * The request body as the handler reads it; registered with the sweeper from its first read to its end.
     * The state settles the race between a read that returns and the sweeper: whichever moves it out of
     * WAITING first wins, so the handler never acts on bytes the client was already told were too late.
     */
    private final class Body extends FilterInputStream {
        private static final int IDLE = 0;
        private static final int WAITING = 1;
        private static final int TIMED_OUT = 2;

        private final RoutingResponse response;
        private final AtomicInteger state = new AtomicInteger(IDLE);
        private volatile Thread reader;
        /* Written by the reader only; read by the sweeper. */
        private volatile long received;
        private volatile long waitedNanos;
        private volatile long waitingSince;
        private boolean registered;
        private boolean finished;

        Body(InputStream in, RoutingResponse response) {
            super(in);
            this.response = response;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (finished) {
                return super.read(bytes, offset, length);
            }
            if (!registered) {
                registered = true;
                reading.add(this);
            }
            reader = Thread.currentThread();
            long start = System.nanoTime();
            waitingSince = start;
            if (!state.compareAndSet(IDLE, WAITING)) {
                throw timedOut();
            }
            int read;
            try {
                read = super.read(bytes, offset, length);
            } catch (IOException | RuntimeException e) {
                if (!state.compareAndSet(WAITING, IDLE)) {
                    throw timedOut();
                }
                finish();
                throw e;
            } finally {
                waitedNanos += System.nanoTime() - start;
            }
            if (!state.compareAndSet(WAITING, IDLE)) {
                throw timedOut();
            }
            if (read < 0) {
                finish();
            } else {
                received += read;
            }
            return read;
        }

        @Override
        public void close() throws IOException {
            finish();
            super.close();
        }

        private void finish() {
            finished = true;
            reading.remove(this);
        }

        boolean overdue(long now) {
            return state.get() == WAITING && waitedNanos + (now - waitingSince) > allowedWaitNanos(received);
        }

        /** On the sweeper's thread: the 408 first, then the interrupt that closes the socket under the read. */
        void timeOut() {
            if (!state.compareAndSet(WAITING, TIMED_OUT)) {
                return;
            }
            reading.remove(this);
            if (!response.isSent()) {
                try {
                    response.header(HeaderValues.CONNECTION_CLOSE);
                    StatusProblem.send(response, Status.REQUEST_TIMEOUT_408, String.format(Locale.ROOT,
                            "the request body did not arrive in time (%d bytes in %.1f s); the connection is closed",
                            received, (System.nanoTime() - waitingSince + waitedNanos) / 1e9));
                } catch (RuntimeException ignored) {
                    // the client is gone already; closing is all that is left
                }
            }
            reader.interrupt();
        }

        private CloseConnectionException timedOut() {
            finish();
            return new CloseConnectionException("request body deadline passed after " + received + " bytes; 408 sent");
        }
    }
}
