package dev.etaglab.server.app;

import dev.etaglab.support.ProblemDetails;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/**
 * An RFC 9457 problem detail, the body of every error this server sends.
 *
 * @param status the HTTP status
 * @param slug   names the problem type ({@code urn:etag-lab:problem:<slug>})
 * @param title  short, the same for every occurrence of this type
 * @param detail what went wrong with this request, and how to fix it
 */
record Problem(Status status, String slug, String title, String detail) {

    static final String MEDIA_TYPE = ProblemDetails.MEDIA_TYPE;
    private static final Header CONTENT_TYPE = HeaderValues.createCached(HeaderNames.CONTENT_TYPE, MEDIA_TYPE);
    private static final Header NO_STORE = HeaderValues.createCached(HeaderNames.CACHE_CONTROL, "no-store");

    byte[] toJson() {
        byte[] json = ProblemDetails.json("urn:etag-lab:problem:" + slug, title, status.code(), detail);
        byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        return line;
    }

    /** Writes this problem as the response. Headers already set (ETag, Allow...) are kept. */
    void send(ServerResponse res) {
        res.status(status);
        res.header(CONTENT_TYPE);
        res.header(NO_STORE);
        res.send(toJson());
    }
}
