package dev.etaglab.lb;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * What a policy may know about the client behind a request: a 64-bit key that stays the same across that
 * client's requests (the value of the {@link AffinityCookie}). Only a policy that keeps a client
 * on one backend reads it; the others are handed {@link #NONE}, for which no request header was looked at.
 *
 * @param key the client's affinity key
 */
record ClientAffinity(long key) {
    /** Given to every request when the policy ignores clients: nothing was parsed to produce it. */
    static final ClientAffinity NONE = new ClientAffinity(0L);

    /** How the proxy learns a request's affinity; {@link #NONE} costs nothing, so the 304 path stays lean. */
    @FunctionalInterface
    interface Source {
        Source NONE = (clientRequest, clientResponse) -> ClientAffinity.NONE;

        /** May add response headers (a freshly minted key is sent back to the client). */
        ClientAffinity of(ServerRequest clientRequest, ServerResponse clientResponse);
    }
}
