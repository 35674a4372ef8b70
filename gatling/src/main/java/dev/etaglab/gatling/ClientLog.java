package dev.etaglab.gatling;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the clients did, recorded from inside the simulation: every poll (including the ones Gatling's
 * cache answered without a request, which never appear in Gatling's own statistics) and every network
 * response with the exact bytes it took on the wire.
 */
public final class ClientLog {

    /** One poll: the client wanted the resource at this moment. */
    public record Poll(long userId, long epochMillis) {
    }

    /**
     * One response that crossed the network.
     *
     * @param conditional whether the request carried If-None-Match (a revalidation)
     * @param wireBytes   status line + header section + body, as received
     * @param setsCookie  whether it carried Set-Cookie: a sticky balancer placing the client (first response)
     *                    or re-homing it (any later one)
     */
    public record NetworkResponse(long userId, long startMillis, long endMillis, int status, String etag,
                                  String contentDigest, boolean conditional, long wireBytes, boolean setsCookie) {
    }

    private final ConcurrentLinkedQueue<Poll> polls = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<NetworkResponse> responses = new ConcurrentLinkedQueue<>();
    private final ConcurrentHashMap<Long, AtomicLong> responsesByUser = new ConcurrentHashMap<>();
    private final AtomicLong transportFailures = new AtomicLong();

    public void poll(long userId, long epochMillis) {
        polls.add(new Poll(userId, epochMillis));
    }

    public void response(NetworkResponse response) {
        responses.add(response);
        responsesByUser.computeIfAbsent(response.userId(), u -> new AtomicLong()).incrementAndGet();
    }

    /** How many responses this user has received so far: a failed poll that added none never got one. */
    public long responseCount(long userId) {
        AtomicLong count = responsesByUser.get(userId);
        return count == null ? 0 : count.get();
    }

    /** How many users have received at least one response. */
    public int usersWithResponses() {
        return responsesByUser.size();
    }

    public void transportFailure() {
        transportFailures.incrementAndGet();
    }

    public long transportFailures() {
        return transportFailures.get();
    }

    public List<Poll> polls() {
        return List.copyOf(polls);
    }

    public List<NetworkResponse> responses() {
        return List.copyOf(responses);
    }
}
