package dev.etaglab.server.app;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;

/**
 * Errors Helidon answers before routing (a malformed request line or header, an unsupported HTTP
 * version...) also get an RFC 9457 body, so clients see one error format from this server.
 */
final class ProblemDirectHandler implements DirectHandler {

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders headers, String message) {
        byte[] body = new Problem(status, "http-" + status.code(), status.reasonPhrase(),
                message == null || message.isBlank() ? detail(eventType) : message).toJson();
        headers.set(HeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE);
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
