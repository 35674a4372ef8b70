package dev.etaglab.lb;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;

/**
 * Takes backends out of rotation and puts them back.
 *
 * <p>Passive: the proxy ejects a backend the moment a connection to it is refused. Active: every backend is
 * probed with {@code GET <health path>} at a fixed delay; a failed probe ejects it, a 2xx readmits it, so a
 * restarted replica rejoins without anyone touching the balancer. Probes of one backend never overlap. A backend
 * added at run time is probed at once (it waits out of rotation for that probe); a removed one is no longer probed.
 */
final class BackendHealth implements Backends.Listener, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BackendHealth.class.getName());

    private final Backends backends;
    private final Http1Client probeClient;
    private final String path;
    private final Duration interval;
    private final LbMetrics metrics;
    private final ScheduledThreadPoolExecutor scheduler;
    /** Keys compared by identity (Backend does not override equals), as two backends may share a URL. */
    private final Map<Backend, ScheduledFuture<?>> probes = new ConcurrentHashMap<>();

    BackendHealth(Backends backends, Http1Client probeClient, String path, Duration interval, LbMetrics metrics) {
        this.backends = backends;
        this.probeClient = probeClient;
        this.path = path;
        this.interval = interval;
        this.metrics = metrics;
        // One thread per backend (grown and shrunk with the membership): a probe that hangs until its timeout
        // delays only that backend's next probe.
        this.scheduler = new ScheduledThreadPoolExecutor(Math.max(1, backends.snapshot().size()),
                                                         Thread.ofPlatform().daemon().name("lb-health-", 0).factory());
        this.scheduler.setRemoveOnCancelPolicy(true);
    }

    /**
     * Starts probing; the first probe of a start-up backend runs one interval from now, so the initial state is
     * "healthy". Synchronized with {@link #added}/{@link #removed}: a backend added or removed meanwhile is
     * either in the snapshot read here or handled there, never both or neither.
     */
    synchronized void start() {
        for (Backend backend : backends.snapshot()) {
            schedule(backend, interval);
        }
    }

    @Override
    public synchronized void added(Backend backend) {
        schedule(backend, Duration.ZERO);
    }

    @Override
    public synchronized void removed(Backend backend) {
        ScheduledFuture<?> probe = probes.remove(backend);
        if (probe != null) {
            probe.cancel(false);
        }
        scheduler.setCorePoolSize(Math.max(1, probes.size()));
    }

    private void schedule(Backend backend, Duration firstDelay) {
        probes.computeIfAbsent(backend, ignored -> {
            scheduler.setCorePoolSize(probes.size() + 1);
            return scheduler.scheduleWithFixedDelay(() -> probe(backend), firstDelay.toMillis(), interval.toMillis(),
                                                    TimeUnit.MILLISECONDS);
        });
    }

    void eject(Backend backend, String reason) {
        if (backend.markDown()) {
            metrics.ejected(backend);
            LOG.log(System.Logger.Level.WARNING, "ejected backend " + backend + ": " + reason);
        }
    }

    private void readmit(Backend backend) {
        if (backend.markUp()) {
            LOG.log(System.Logger.Level.INFO, "backend " + backend + " is in rotation");
        }
    }

    private void probe(Backend backend) {
        // A new connection per probe. A kept-alive one is watched while idle by the webclient, which gives up
        // after the read timeout (= the interval) of silence, exactly when the next probe wants the connection:
        // that probe then fails with "Exception in socket monitor thread" and a healthy backend is ejected
        // (83 times in 12 minutes on an idle three-replica cluster). A fresh connection also checks what a refused
        // connection would break: that the backend still accepts connections.
        try (HttpClientResponse response = probeClient.get(backend.uri() + path).keepAlive(false).request()) {
            if (response.status().family() == Status.Family.SUCCESSFUL) {
                readmit(backend);
            } else {
                eject(backend, "health check answered " + response.status().code());
            }
        } catch (RuntimeException e) {
            eject(backend, "health check failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
