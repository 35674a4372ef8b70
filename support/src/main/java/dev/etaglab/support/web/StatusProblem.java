package dev.etaglab.support.web;

import dev.etaglab.support.ProblemDetails;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/**
 * The problem our listeners answer a protocol-level error with (431, 408, Helidon's own 400s...): type
 * {@code urn:etag-lab:problem:http-<code>}, title the reason phrase, so every such answer looks the same
 * whichever part of the listener gave it.
 */
final class StatusProblem {
    private StatusProblem() {
    }

    static byte[] json(Status status, String detail) {
        return ProblemDetails.json("urn:etag-lab:problem:http-" + status.code(), status.reasonPhrase(), status.code(),
                detail);
    }

    static void send(ServerResponse response, Status status, String detail) {
        response.status(status);
        response.header(HeaderNames.CONTENT_TYPE, ProblemDetails.MEDIA_TYPE);
        response.send(json(status, detail));
    }
}
