package dev.etaglab.gatling;

import dev.etaglab.lb.cluster.KernelSocketCounters;
import dev.etaglab.lb.cluster.RunningCluster;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The operator of a run, on its own thread: reads the balancer's counters at every phase boundary,
 * changes the content halfway through each phase (a conditional PUT through the balancer), and switches
 * Cache-Control from max-age to no-cache between the phases — without restarting replicas or clients.
 */
final class Operator implements Runnable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private static final int MAX_ATTEMPTS = 50;

    private final RunningCluster cluster;
    private final ClientLog log;
    private final EgressMeter meter;
    private final RunClock clock;
    private final PrintStream progress;
    private final byte[] seed;
    private final List<CounterReading> scrapes = new ArrayList<>();
    private final KernelSocketCounters kernel = KernelSocketCounters.onThisMachine();
    private final List<ContentChange> changes = new ArrayList<>();
    private final Fault fault;
    private final List<FaultEvent> faults = new ArrayList<>();
    private volatile Exception failure;

    Operator(RunningCluster cluster, RunClock clock, ClientLog log, byte[] seed, Fault fault, PrintStream progress) {
        this.cluster = cluster;
        this.log = log;
        this.fault = fault;
        this.meter = EgressMeter.of(cluster, HTTP);
        this.clock = clock;
        this.seed = seed;
        this.progress = progress;
    }

    @Override
    public void run() {
        try {
            sleepUntil(clock.maxAgeStart());
            awaitFirstFetches();
            scrapes.add(read());
            say("phase max-age (%s) started", cluster.spec().cacheControl());
            sleepUntil(clock.changeAt(Phase.MAX_AGE));
            changes.add(changeContent(Phase.MAX_AGE, 1));
            sleepUntil(clock.revalidationStart());
            scrapes.add(read());
            cluster.setCacheControl("no-cache");
            say("phase revalidation (no-cache) started");
            switch (fault) {
                case KILL_REPLICA -> killAndRestart(Fault.VICTIM);
                case SCALE_OUT -> scaleOut();
                case ROLLING_REDEPLOY -> rollingRedeploy();
                case NONE -> { }
            }
            sleepUntil(clock.changeAt(Phase.REVALIDATION));
            changes.add(changeContent(Phase.REVALIDATION, 2));
            sleepUntil(clock.end());
            // No poll starts after the end; the users hold their connections until the release, so the kernel's
            // counters of every client socket are still there to read once the last responses are through.
            sleepUntil(clock.end() + RunClock.SETTLE_MILLIS);
            scrapes.add(read());
            say("load finished");
        } catch (IOException | RuntimeException e) {
            failure = e;
        } catch (InterruptedException e) {
            failure = e;
            Thread.currentThread().interrupt();
        }
    }

    /*
     * The first scrape opens the measured window. A first fetch (a whole body) still in flight then would
     * be counted by the balancer before the scrape and by its client after it, so wait for every user's
     * first response; Gatling can start users late on a busy machine.
     */
    private void awaitFirstFetches() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (log.usersWithResponses() < clock.profile().users() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        if (log.usersWithResponses() < clock.profile().users()) {
            say("only %d of %d users had their first response 10 s after the ramp", log.usersWithResponses(),
                    clock.profile().users());
        }
    }

    private CounterReading read() throws IOException, InterruptedException {
        return meter.read(kernel, cluster.lbUri().getPort());
    }

    List<CounterReading> scrapes() {
        return List.copyOf(scrapes);
    }

    List<ContentChange> changes() {
        return List.copyOf(changes);
    }

    List<FaultEvent> faults() {
        return List.copyOf(faults);
    }

    /*
     * kill -9 of one replica under full revalidation load, then a restart on the same port: the balancer
     * must hide both (retrying idempotent GETs elsewhere, ejecting, and taking the replica back by itself).
     */
    private void killAndRestart(int victim) throws IOException, InterruptedException {
        long phase = clock.end() - clock.revalidationStart();
        String name = "replica-" + victim;
        String backend = cluster.replicaUris().get(victim).getAuthority();
        // Early in the phase: a JVM restart takes seconds on a busy machine, and the content change
        // (halfway) waits for it, since a change must reach every replica.
        sleepUntil(clock.revalidationStart() + phase / 10);
        cluster.killReplica(victim);
        disruption(name + " killed (SIGKILL)");
        awaitRotation(backend, false, name + " taken out of rotation by the balancer");
        sleepUntil(clock.revalidationStart() + phase / 5);
        cluster.restartReplica(victim);
        fault(name + " restarted and healthy on the same port");
        awaitRotation(backend, true, name + " back in rotation (the balancer's own health check)");
    }

    /* Scale-out under load: a sticky balancer re-homes the clients the new replica scores highest for. */
    private void scaleOut() throws IOException, InterruptedException {
        long phase = clock.end() - clock.revalidationStart();
        sleepUntil(clock.revalidationStart() + phase / 10);
        disruption("scale-out: replica-" + cluster.replicaUris().size() + " starting");
        int added = cluster.addReplica();
        fault("replica-" + added + " healthy and added to the balancer");
        awaitRotation(cluster.replicaUris().get(added).getAuthority(), true,
                "replica-" + added + " in rotation (the balancer's own health check)");
    }

    /*
     * A deploy: each replica in turn stopped and started with a fresh local copy (a new file, inode and mtime),
     * one every tenth of the phase from its first tenth, each waiting for the one before to be back in rotation.
     */
    private void rollingRedeploy() throws IOException, InterruptedException {
        long phase = clock.end() - clock.revalidationStart();
        int n = cluster.replicaUris().size();
        for (int i = 0; i < n; i++) {
            sleepUntil(clock.revalidationStart() + phase * (i + 1) / 10);
            String backend = cluster.replicaUris().get(i).getAuthority();
            disruption("replica-" + i + " redeploying (SIGTERM, fresh local copy)");
            cluster.redeployReplica(i);
            fault("replica-" + i + " healthy again");
            awaitRotation(backend, true, "replica-" + i + " back in rotation (the balancer's own health check)");
        }
    }

    /* Observed on lb.jar's lb_backend_up gauge; nginx and HAProxy export nothing to watch. */
    private void awaitRotation(String backend, boolean up, String event) throws IOException, InterruptedException {
        if (cluster.accessLog().isPresent()) {
            return;
        }
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            if (LbMetrics.backendUp(HTTP, cluster.adminUri(), backend) == up) {
                fault(event);
                return;
            }
            Thread.sleep(50);
        }
        fault("NOT observed within 15 s: " + event);
    }

    private void fault(String what) {
        faults.add(new FaultEvent(what, System.currentTimeMillis(), false));
        say("%s", what);
    }

    private void disruption(String what) {
        faults.add(new FaultEvent(what, System.currentTimeMillis(), true));
        say("%s", what);
    }

    /** Non-null when the timeline could not be carried out; the run is then invalid. */
    Exception failure() {
        return failure;
    }

    /** The body of revision {@code n}: the seed with a leading revision field, always valid JSON. */
    static byte[] revision(byte[] seed, int n) {
        String s = new String(seed, StandardCharsets.UTF_8);
        return ("{\"revision\":" + n + "," + s.substring(s.indexOf('{') + 1)).getBytes(StandardCharsets.UTF_8);
    }

    private ContentChange changeContent(Phase phase, int n) throws IOException, InterruptedException {
        byte[] body = revision(seed, n);
        String digest = Digests.of(body);
        List<URI> replicas = cluster.replicaUris();
        int refused = 0;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            // A writer reads the tag from one replica, then writes through the balancer. With node-local tags
            // only the replica it read from accepts the If-Match. A round-robin balancer with little other
            // traffic (a max-age phase) advances one replica per attempt, so reading from the next replica each
            // time would keep a constant offset and could miss forever (seen with HAProxy): the offset shifts
            // by one every round instead, so every pairing comes up within replicas² attempts.
            int reader = (attempt + attempt / replicas.size()) % replicas.size();
            String etag = HTTP.send(HttpRequest.newBuilder(replicas.get(reader).resolve("/resource"))
                            .timeout(Duration.ofSeconds(5)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding()).headers().firstValue("ETag").orElseThrow();
            long sent = System.currentTimeMillis();
            HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(cluster.lbUri().resolve("/resource"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + cluster.spec().writeToken())
                    .header("Content-Type", "application/json")
                    .header("If-Match", etag)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (put.statusCode() == 204) {
                long ack = System.currentTimeMillis();
                long visible = awaitEverywhere(replicas, digest);
                say("content changed (revision %d) after %d refused attempt(s); on every replica %d ms after the ack",
                        n, refused, visible - ack);
                return new ContentChange(phase, sent, ack, visible, refused, digest);
            }
            if (put.statusCode() != 412) {
                throw new IOException("PUT through the load balancer answered " + put.statusCode() + ": " + put.body());
            }
            refused++;
        }
        throw new IOException("no PUT got through in " + MAX_ATTEMPTS + " attempts (all 412)");
    }

    private static long awaitEverywhere(List<URI> replicas, String digest) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        for (URI replica : replicas) {
            while (true) {
                byte[] body = HTTP.send(HttpRequest.newBuilder(replica.resolve("/resource"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
                if (Digests.of(body).equals(digest)) {
                    break;
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IOException(replica + " did not serve the new content within 10 s");
                }
                Thread.sleep(10);
            }
        }
        return System.currentTimeMillis();
    }

    private void say(String format, Object... args) {
        progress.printf(Locale.ROOT, "[%6.1f s] %s%n", (System.currentTimeMillis() - clock.startMillis()) / 1000.0,
                String.format(Locale.ROOT, format, args));
    }

    private static void sleepUntil(long epochMillis) throws InterruptedException {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }
}
