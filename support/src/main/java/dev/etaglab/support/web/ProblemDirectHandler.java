package dev.etaglab.support.web;

import dev.etaglab.support.ProblemDetails;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;

/**
 * Errors Helidon answers before routing (a malformed request line or header, an unsupported HTTP
 * version...) also get an RFC 9457 body, so clients see one error format from every server we run.
 */
final class ProblemDirectHandler implements DirectHandler {

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders headers, String message) {
        if (eventType == EventType.INTERNAL_ERROR && request.method().isEmpty()) {
            // Helidon 4.5 parses the method token outside its own bad-request handling, so a request line
            // like "GE(T / HTTP/1.1" surfaces as an internal error with no request parsed at all. Errors
            // inside routing never get here (our routing's error handler answers them), so an internal
            // error before even the method was known is a request line that is not `method SP target SP
            // version`: RFC 9112 §3 makes that a 400.
            status = Status.BAD_REQUEST_400;
            eventType = EventType.BAD_REQUEST;
        }
        byte[] body = StatusProblem.json(status, message == null || message.isBlank() ? detail(eventType) : message);
        headers.set(HeaderNames.CONTENT_TYPE, ProblemDetails.MEDIA_TYPE);
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .entity(body)
                // After a framing error the connection's state is unknown: close it rather than risk
                // reading the rest of a broken request as the next one (request smuggling).
                .keepAlive(eventType == EventType.OTHER || eventType == EventType.FORBIDDEN)
                .build();
    }

    private static String detail(EventType eventType) {
        return switch (eventType) {
            case BAD_REQUEST -> "malformed HTTP/1.1 request: request line, a header field or the message framing";
            case PAYLOAD_TOO_LARGE -> "the request is larger than this server accepts";
            case HTTP_VERSION_NOT_SUPPORTED -> "only HTTP/1.1 is served here";
            case FORBIDDEN -> "the request is not allowed";
            case INTERNAL_ERROR, OTHER -> "the request could not be processed";
        };
    }
}
