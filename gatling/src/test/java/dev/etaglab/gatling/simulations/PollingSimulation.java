package dev.etaglab.gatling.simulations;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.bodyBytes;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.doIfOrElse;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.pace;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import dev.etaglab.gatling.ClientLog;
import dev.etaglab.gatling.Digests;
import dev.etaglab.gatling.ExperimentProfile;
import dev.etaglab.gatling.ExperimentRun;
import dev.etaglab.gatling.PollSchedule;
import dev.etaglab.gatling.StoredResponse;
import io.gatling.http.response.Response;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Duration;
import java.util.Map;

/**
 * Dashboards polling one resource through the load balancer: each virtual user polls {@code GET /resource}
 * on its own connection, with a private cache of its own ({@link StoredResponse}: reuse while fresh, then
 * revalidate with If-None-Match). When it polls is the client model ({@link PollSchedule}): by default a
 * random phase and a jittered interval per user, as independent pollers behave; lock-step only on request,
 * to show what lock-step does to a round-robin balancer.
 *
 * <p>Why not Gatling's built-in cache: it keys stored responses by URL <em>and the request's cookies</em>, so a
 * sticky balancer's affinity cookie (new on the first response, renewed when the client is re-homed) made
 * every such client fetch the whole body again, a cost no browser pays. Caching is off, and the
 * conditional request is scripted (STYLE: either script If-None-Match yourself or rely on Gatling's cache).
 * Polls are counted by us ({@code ClientLog}), before the request (one answered from the cache sends nothing),
 * and every response that crossed the network is recorded with its exact wire size in {@code transformResponse}.
 *
 * <p>Run by the Maven plugin twice per experiment (before: a node-local ETag; after: a content-derived
 * one) with {@code -Dexperiment.*} properties; {@code ExperimentRun} owns the cluster and the timeline.
 */
public class PollingSimulation extends Simulation {

    // Parameters: the run (cluster, profile, timeline) comes up before any user starts.
    private final ExperimentRun run = start();
    private final ExperimentProfile profile = run.profile();
    private final PollSchedule schedule = run.settings().schedule();

    // Protocol: no base URL (the balancer's port is ephemeral), our own cache, one connection per user.
    private final HttpProtocolBuilder httpProtocol = http
            .disableCaching()
            .acceptHeader("application/json")
            .acceptEncodingHeader("identity")
            .userAgentHeader("etag-lab dashboard poller");

    /*
     * A revalidation must be answered 304 unless the content really changed: a full 200 whose bytes are
     * the ones the client already holds is the per-node ETag bug, and fails the request.
     */
    private static final String UNCHANGED_CONTENT_RESENT =
            "304 expected: a full 200 resent bytes the client already had (the ETag changed, the content did not)";

    private final HttpRequestActionBuilder firstFetch = record(http("first fetch").get(session -> resource()))
            .check(status().is(200).saveAs("status"), header("ETag").saveAs("etag"),
                    header("Cache-Control").optional().saveAs("cacheControl"),
                    bodyBytes().transform(Digests::of).saveAs("digest"));

    private final HttpRequestActionBuilder revalidation = record(http("revalidation").get(session -> resource())
            .header("If-None-Match", session -> stored(session).etag()))
            .check(status().in(200, 304).saveAs("status"), header("ETag").optional().saveAs("etag"),
                    header("Cache-Control").optional().saveAs("cacheControl"))
            .checkIf((Response response, Session session) -> response.status().code() == 200)
            .then(bodyBytes().transform(Digests::of).validate(UNCHANGED_CONTENT_RESENT, (digest, session) -> {
                if (digest.equals(session.getString("digest"))) {
                    throw new IllegalStateException("same bytes (" + digest + ") under a new ETag");
                }
                return digest;
            }).saveAs("digest"));

    // One poll: count it; the cache answers it while fresh, otherwise it becomes a (conditional) request.
    private final ChainBuilder poll = exec(session -> {
        run.log().poll(session.userId(), System.currentTimeMillis());
        return session.set("responsesBefore", run.log().responseCount(session.userId()))
                .remove("status").remove("etag").remove("cacheControl");
    })
            .doIf(session -> !session.contains("stored") || !stored(session).fresh(System.currentTimeMillis()))
            .then(exec(doIfOrElse(session -> session.contains("stored")).then(exec(revalidation))
                    .orElse(exec(firstFetch)))
                    .exec(PollingSimulation::store))
            .exec(session -> {
                // A failed poll that brought no response failed in transport, not in a check.
                if (session.isFailed() && run.log().responseCount(session.userId()) == session.getLong("responsesBefore")) {
                    run.log().transportFailure();
                }
                return session.markAsSucceeded();
            });

    /*
     * pace() holds each iteration to the drawn interval measured from the previous iteration's start, so the
     * request's own duration does not stretch the schedule; "polls" is the iteration's index.
     */
    private final ScenarioBuilder dashboards = scenario("Dashboards polling /resource")
            .exec(pause(session -> schedule.firstDelay(session.userId())))
            .exec(session -> session.set("polls", 0L))
            .exec(asLongAs(session -> System.currentTimeMillis() < run.clock().end())
                    .on(pace(session -> schedule.interval(session.userId(), session.getLong("polls")))
                            // pace() may have waited past the end: no poll starts after it.
                            .doIf(session -> System.currentTimeMillis() < run.clock().end()).then(poll)
                            .exec(session -> session.set("polls", session.getLong("polls") + 1))))
            // Connections stay open until the operator's final reading of the kernel's socket counters.
            .exec(pause(session -> Duration.ofMillis(Math.max(0, run.clock().release() - System.currentTimeMillis()))));

    /*
     * Injection (open model): users arrive evenly over the first half of the ramp, then each polls until
     * the run ends. Every first fetch (a full 200) is thus finished, and every cache entry still fresh,
     * when the first metrics scrape opens the measured window: no body straddles that boundary.
     */
    {
        setUp(dashboards.injectOpen(rampUsers(profile.users()).during(profile.ramp().dividedBy(2))))
                .protocols(httpProtocol)
                .assertions(
                        // Zero failed first fetches: the cluster serves every client.
                        details("first fetch").failedRequests().count().is(0L),
                        // The contract: ≥ 99 % of unchanged-content revalidations answered 304.
                        details("revalidation").failedRequests().percent()
                                .lte(100 * (1 - ExperimentProfile.REQUIRED_304_RATE)),
                        global().responseTime().percentile(99.0).lt(1000));
    }

    @Override
    public void before() {
        try {
            run.begin();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the run's timeline", e);
        }
    }

    @Override
    public void after() {
        try {
            run.finish();
        } catch (Exception e) {
            throw new IllegalStateException("could not finish the run", e);
        }
    }

    private static StoredResponse stored(Session session) {
        return (StoredResponse) session.get("stored");
    }

    /*
     * What the cache keeps from the answer: a 200 replaces the stored response, a 304 freshens it (RFC 9111
     * §4.3.4). Kept even when a check failed: the client did receive that answer.
     */
    private static Session store(Session session) {
        if (!session.contains("status")) {
            return session; // no answer: the stored response stays as it was
        }
        long now = System.currentTimeMillis();
        String cacheControl = session.contains("cacheControl") ? session.getString("cacheControl") : null;
        String etag = session.contains("etag") ? session.getString("etag") : null;
        if (session.getInt("status") == 304) {
            return session.set("stored", stored(session).freshenedBy(now, etag, cacheControl));
        }
        String digest = session.contains("digest") ? session.getString("digest") : null;
        return session.set("stored", StoredResponse.of(now, etag, cacheControl, digest));
    }

    private String resource() {
        return run.resourceUri().toString();
    }

    /** Records every response that crossed the network, with its exact size on the wire. */
    private HttpRequestActionBuilder record(HttpRequestActionBuilder request) {
        return request.transformResponse((response, session) -> {
            run.log().response(new ClientLog.NetworkResponse(session.userId(), response.startTimestamp(),
                    response.endTimestamp(), response.status().code(),
                    response.headers().get(HttpHeaderNames.ETAG), Digests.of(response.body().bytes()),
                    response.request().getHeaders().contains(HttpHeaderNames.IF_NONE_MATCH), wireBytes(response),
                    response.headers().contains(HttpHeaderNames.SET_COOKIE)));
            return response;
        });
    }

    /** Status line + header section + body, as HTTP/1.1 with Content-Length framing puts them on the wire. */
    private static long wireBytes(Response response) {
        long bytes = ("HTTP/1.1 " + response.status().code() + " " + response.status().reasonPhrase() + "\r\n").length();
        for (Map.Entry<String, String> field : response.headers()) {
            bytes += field.getKey().length() + 2 + field.getValue().length() + 2;
        }
        return bytes + 2 + response.body().length();
    }

    private static ExperimentRun start() {
        try {
            return ExperimentRun.startFromSystemProperties();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the experiment run: " + e.getMessage(), e);
        }
    }
}
