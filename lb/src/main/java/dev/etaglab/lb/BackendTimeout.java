package dev.etaglab.lb;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Enforces {@code --backend-timeout}: an exchange whose backend has sent nothing for longer than the limit gets
 * its connection closed, which fails the read blocked on it.
 *
 * <p>Why not the socket read timeout: on a virtual thread every read that has to wait with {@code SO_TIMEOUT}
 * set schedules a timer task and cancels it when data arrives, which wakes the JDK's delay-scheduler thread
 * each time, a cost that showed in an async-profiler run of the 304 path (not kept) as one of lb.jar's
 * largest. One sweeper thread checking the exchanges in flight ten times per limit (at most every 100 ms)
 * costs each request two set operations.
 */
final class BackendTimeout implements AutoCloseable {
    /** Checks per limit: the timeout fires between limit and limit × (1 + 1/CHECKS). */
    private static final int CHECKS = 10;
    private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final long MAX_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final long limitNanos;
    private final long tickNanos;
    private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
    private final Thread sweeper;
    private volatile boolean closed;

    BackendTimeout(Duration limit) {
        this.limitNanos = limit.toNanos();
        this.tickNanos = Math.clamp(limitNanos / CHECKS, MIN_TICK_NANOS, MAX_TICK_NANOS);
        this.sweeper = Thread.ofPlatform().daemon().name("lb-backend-timeout").start(this::sweep);
    }

    /** Starts the clock for one exchange on {@code connection}; close the watch when the exchange is over. */
    Watch watch(BackendConnection connection) {
        Watch watch = new Watch(connection);
        watches.add(watch);
        return watch;
    }

    private void sweep() {
        while (!closed) {
            LockSupport.parkNanos(tickNanos);
            long now = System.nanoTime();
            for (Watch watch : watches) {
                if (!watch.paused && now - watch.lastProgress > limitNanos) {
                    watch.expire();
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(sweeper);
    }

    /** The clock of one exchange: reset by progress, stopped while the balancer itself waits for the client. */
    final class Watch implements AutoCloseable {
        private final BackendConnection connection;
        private volatile long lastProgress = System.nanoTime();
        private volatile boolean paused;
        private volatile boolean expired;

        private Watch(BackendConnection connection) {
            this.connection = connection;
        }

        /** While a request body is read from the client, a slow client is not the backend's delay. */
        void pause() {
            paused = true;
        }

        void resume() {
            lastProgress = System.nanoTime();
            paused = false;
        }

        /** Whether the limit closed the connection, so a failure of this exchange is a timeout. */
        boolean expired() {
            return expired;
        }

        private void expire() {
            expired = true;
            watches.remove(this);
            // Marks the connection closed too, so one released in a race with this close is not pooled.
            connection.close();
        }

        @Override
        public void close() {
            watches.remove(this);
        }
    }
}
