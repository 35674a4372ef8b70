package dev.etaglab.support.web;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one daemon thread that checks every listener's request deadlines ({@link HeaderDeadline},
 * {@link BodyDeadline}). A deadline is enforced within a quarter of its length (at least 50 ms, at most 1 s)
 * of passing; a stopped server leaves an idle periodic task behind.
 */
final class DeadlineSweeper {
    private static final ScheduledExecutorService SWEEPER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("request-deadlines").factory());

    private DeadlineSweeper() {
    }

    static void every(Duration timeout, Runnable sweep) {
        long period = Math.clamp(timeout.toMillis() / 4, 50, 1000);
        SWEEPER.scheduleAtFixedRate(sweep, period, period, TimeUnit.MILLISECONDS);
    }
}
