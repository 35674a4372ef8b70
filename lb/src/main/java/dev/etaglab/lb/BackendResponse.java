package dev.etaglab.lb;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.HeaderNames;
import io.helidon.http.Http1HeadersParser;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.http.WritableHeaders;
import io.helidon.webclient.http1.Http1StatusParser;

/**
 * The head of a backend's response, parsed with Helidon's own status and header parsers (header names and
 * values validated: the balancer's server no longer checks response headers on the way out), and how its
 * body is delimited (RFC 9112 §6.3).
 */
final class BackendResponse {
    /** The webclient's defaults: a longer status line or header section is a broken backend, answered 502. */
    private static final int MAX_STATUS_LINE = 256;
    private static final int MAX_HEADER_SECTION = 16 * 1024;
    private static final byte[] HTTP_1_1 = "HTTP/1.1 ".getBytes(StandardCharsets.US_ASCII);

    /** How the body ends. */
    enum Framing {
        /** RFC 9110 §6.4.1: HEAD, 1xx, 204 and 304 responses have no content, whatever their headers say. */
        NONE,
        /** {@code Content-Length} bytes. */
        LENGTH,
        /** {@code Transfer-Encoding: chunked}. */
        CHUNKED,
        /** Neither: the body ends when the backend closes the connection, which then cannot be reused. */
        UNTIL_CLOSE
    }

    private final Status status;
    private final WritableHeaders<?> headers;
    private final Framing framing;
    private final long contentLength;
    private final boolean keepAlive;

    private BackendResponse(Status status, WritableHeaders<?> headers, Framing framing, long contentLength,
                            boolean keepAlive) {
        this.status = status;
        this.headers = headers;
        this.framing = framing;
        this.contentLength = contentLength;
        this.keepAlive = keepAlive;
    }

    /**
     * Reads the final response to a {@code method} request; interim 1xx responses (such as 103 Early Hints)
     * are read and skipped, since the balancer's server cannot send them on. Throws an unchecked exception
     * on a malformed head or an end of stream.
     */
    static BackendResponse read(DataReader reader, Method method) {
        while (true) {
            boolean http11 = reader.startsWith(HTTP_1_1);
            Status status = Http1StatusParser.readStatus(reader, MAX_STATUS_LINE);
            WritableHeaders<?> headers = Http1HeadersParser.readHeaders(reader, MAX_HEADER_SECTION, true);
            int code = status.code();
            if (code >= 100 && code < 200 && code != 101) {
                continue;
            }
            return create(status, headers, method, http11);
        }
    }

    private static BackendResponse create(Status status, WritableHeaders<?> headers, Method method, boolean http11) {
        // RFC 9112 §9.3: HTTP/1.1 persists unless "close" is named; an HTTP/1.0 backend is not kept alive.
        boolean keepAlive = http11 && !HopByHop.tokens(headers, HeaderNames.CONNECTION).contains("close");
        int code = status.code();
        if (method.equals(Method.HEAD) || code < 200 || code == 204 || code == 304) {
            return new BackendResponse(status, headers, Framing.NONE, 0, keepAlive);
        }
        if (headers.contains(HeaderNames.TRANSFER_ENCODING)) {
            // RFC 9112 §6.1: Transfer-Encoding overrides Content-Length, and a proxy must not pass the length on
            // (it would frame the re-encoded body wrongly); such a message may be an attack, so the connection
            // is not reused.
            boolean withLength = headers.contains(HeaderNames.CONTENT_LENGTH);
            headers.remove(HeaderNames.CONTENT_LENGTH);
            if (lastCodingIsChunked(headers)) {
                return new BackendResponse(status, headers, Framing.CHUNKED, -1, keepAlive && !withLength);
            }
            // RFC 9112 §6.3 item 4: any other final coding is delimited by closing the connection.
            return new BackendResponse(status, headers, Framing.UNTIL_CLOSE, -1, false);
        }
        if (headers.contains(HeaderNames.CONTENT_LENGTH)) {
            // Helidon's header parser rejects a malformed or repeated-and-different length.
            return new BackendResponse(status, headers, Framing.LENGTH, headers.contentLength().orElseThrow(), keepAlive);
        }
        return new BackendResponse(status, headers, Framing.UNTIL_CLOSE, -1, false);
    }

    private static boolean lastCodingIsChunked(WritableHeaders<?> headers) {
        List<String> codings = HopByHop.tokens(headers, HeaderNames.TRANSFER_ENCODING);
        return !codings.isEmpty() && codings.getLast().equals("chunked");
    }

    Status status() {
        return status;
    }

    WritableHeaders<?> headers() {
        return headers;
    }

    boolean hasContent() {
        return framing != Framing.NONE;
    }

    /** Whether the connection may carry another exchange once the body (if any) has been read to its end. */
    boolean keepAlive() {
        return keepAlive;
    }

    /** The body as sent by the backend, with the transfer coding removed; its end is the message's end. */
    InputStream body(DataReader reader) {
        return switch (framing) {
            case NONE -> InputStream.nullInputStream();
            case LENGTH -> ResponseBody.fixedLength(reader, contentLength);
            case CHUNKED -> ResponseBody.chunked(reader);
            case UNTIL_CLOSE -> ResponseBody.untilClose(reader);
        };
    }
}
