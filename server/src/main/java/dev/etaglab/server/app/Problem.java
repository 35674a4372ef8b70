package dev.etaglab.server.app;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An RFC 9457 problem detail, the body of every error this server sends.
 *
 * @param status the HTTP status
 * @param slug   names the problem type ({@code urn:etag-lab:problem:<slug>})
 * @param title  short, the same for every occurrence of this type
 * @param detail what went wrong with this request, and how to fix it
 */
record Problem(Status status, String slug, String title, String detail) {

    static final String MEDIA_TYPE = "application/problem+json";
    private static final JsonFactory JSON = new JsonFactory();
    private static final Header CONTENT_TYPE = HeaderValues.createCached(HeaderNames.CONTENT_TYPE, MEDIA_TYPE);
    private static final Header NO_STORE = HeaderValues.createCached(HeaderNames.CACHE_CONTROL, "no-store");

    byte[] toJson() {
        var out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("type", "urn:etag-lab:problem:" + slug);
            json.writeStringField("title", title);
            json.writeNumberField("status", status.code());
            json.writeStringField("detail", detail);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** Writes this problem as the response. Headers already set (ETag, Allow...) are kept. */
    void send(ServerResponse res) {
        res.status(status);
        res.header(CONTENT_TYPE);
        res.header(NO_STORE);
        res.send(toJson());
    }
}
