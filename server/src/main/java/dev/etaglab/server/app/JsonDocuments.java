package dev.etaglab.server.app;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Optional;

/** Validates a request body as exactly one JSON value, and pretty-prints one, without building a tree. */
final class JsonDocuments {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private JsonDocuments() {
    }

    /** Empty when {@code body} is one well-formed JSON value; otherwise why not, with its location. */
    static Optional<String> problemWith(byte[] body) {
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() == null) {
                return Optional.of("the body is empty; send a JSON document");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                return Optional.of("trailing content after the JSON value at " + location(parser));
            }
            return Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.of(e.getOriginalMessage() + " at " + location(e));
        } catch (IOException e) {
            return Optional.of("unreadable body: " + e.getMessage());
        }
    }

    /**
     * The same JSON value, indented (Jackson's default pretty printer): the weak {@code ?pretty} variant.
     * A stored document that is not JSON (never written through PUT) is returned unchanged.
     */
    static byte[] pretty(byte[] body) {
        var out = new ByteArrayOutputStream(body.length + body.length / 2);
        try (JsonParser parser = JSON.createParser(body);
             JsonGenerator generator = JSON.createGenerator(out).useDefaultPrettyPrinter()) {
            if (parser.nextToken() == null) {
                return body;
            }
            generator.copyCurrentStructure(parser);
        } catch (IOException e) {
            return body;
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static String location(JsonParser parser) {
        var l = parser.currentLocation();
        return "line " + l.getLineNr() + ", column " + l.getColumnNr();
    }

    private static String location(JsonProcessingException e) {
        var l = e.getLocation();
        return l == null ? "unknown position" : "line " + l.getLineNr() + ", column " + l.getColumnNr();
    }
}
