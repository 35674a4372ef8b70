package dev.etaglab.server.http;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.etaglab.server.http.Preconditions.Outcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes the whole conditional decision: {@link ConditionalRequest#parse} of arbitrary field lines, then
 * {@link Preconditions#evaluate} against arbitrary validators (RFC 9110 §13.2.2). See
 * {@link EntityTagFuzzTest} for how inputs are read and replayed.
 */
class PreconditionsFuzzTest {

    private static final String[] METHODS = {"GET", "HEAD", "PUT", "POST", "DELETE", "PATCH", "OPTIONS"};
    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

    @FuzzTest
    void decisionObeysTheRfcWhateverTheFields(FuzzedDataProvider data) {
        String method = data.pickValue(METHODS);
        EntityTag etag = data.consumeBoolean() ? EntityTagFuzzTest.tag(data) : null;
        Instant lastModified = data.consumeBoolean() ? BASE.plusSeconds(data.consumeInt(-100_000, 100_000)) : null;
        Validators current = new Validators(etag, lastModified);
        Map<String, List<String>> fields = new HashMap<>();
        field(data, fields, ConditionalRequest.IF_MATCH, etag, lastModified);
        field(data, fields, ConditionalRequest.IF_NONE_MATCH, etag, lastModified);
        field(data, fields, ConditionalRequest.IF_MODIFIED_SINCE, etag, lastModified);
        field(data, fields, ConditionalRequest.IF_UNMODIFIED_SINCE, etag, lastModified);

        ConditionalRequest request = ConditionalRequest.parse(method, name -> fields.getOrDefault(name, List.of()));
        Preconditions.Decision decision = Preconditions.evaluate(request, current);
        Outcome outcome = decision.outcome();
        // The rule that decided is a field the request carried (or none, exactly when the method proceeds).
        assertThat(decision.rule() == Preconditions.Rule.NONE, is(outcome == Outcome.PROCEED));
        if (decision.rule() != Preconditions.Rule.NONE) {
            assertThat(fields.containsKey(decision.rule().field()), is(true));
        }

        boolean safe = method.equals("GET") || method.equals("HEAD");
        String ifNoneMatch = String.join(",", fields.getOrDefault(ConditionalRequest.IF_NONE_MATCH, List.of()));
        String ifMatch = String.join(",", fields.getOrDefault(ConditionalRequest.IF_MATCH, List.of()));
        if (fields.isEmpty()) {
            // No precondition at all: perform the method (§13.2.1).
            assertThat(outcome, is(Outcome.PROCEED));
        }
        if (outcome == Outcome.NOT_MODIFIED) {
            // §13.1.2, §13.1.3: 304 answers only GET and HEAD...
            assertThat(safe, is(true));
            // ...and only when a validator the client sent says its copy is current.
            boolean tagSaysCurrent = fields.containsKey(ConditionalRequest.IF_NONE_MATCH)
                    && (ifNoneMatch.contains("*") || etag != null && ifNoneMatch.contains('"' + etag.opaque() + '"'));
            boolean dateSaysCurrent = !fields.containsKey(ConditionalRequest.IF_NONE_MATCH)
                    && request.ifModifiedSince() != null && lastModified != null
                    && !lastModified.isAfter(request.ifModifiedSince());
            assertThat(tagSaysCurrent || dateSaysCurrent, is(true));
        }
        if (fields.containsKey(ConditionalRequest.IF_NONE_MATCH) && !ifNoneMatch.contains("*")
                && (etag == null || !ifNoneMatch.contains('"' + etag.opaque() + '"'))) {
            // A tag that does not match never yields 304, whatever If-Modified-Since says (§13.1.3).
            assertThat(outcome, is(not(Outcome.NOT_MODIFIED)));
        }
        if (fields.containsKey(ConditionalRequest.IF_MATCH) && !ifMatch.contains("*")
                && (etag == null || etag.weak() || !ifMatch.contains('"' + etag.opaque() + '"'))) {
            // If-Match uses the strong comparison and is evaluated first (§13.1.1, §13.2.2 step 1).
            assertThat(outcome, is(Outcome.PRECONDITION_FAILED));
        }
    }

    /** Absent, arbitrary octets, or a well-formed value built from the current validators. */
    private static void field(FuzzedDataProvider data, Map<String, List<String>> fields, String name,
                              EntityTag etag, Instant lastModified) {
        int lines = data.consumeInt(0, 2);
        if (lines == 0) {
            return;
        }
        List<String> values = new ArrayList<>(lines);
        for (int i = 0; i < lines; i++) {
            values.add(switch (data.consumeInt(0, 3)) {
                case 0 -> etag == null ? "*" : etag.toString();
                case 1 -> (data.consumeBoolean() ? "W/" : "") + (etag == null ? "\"\"" : '"' + etag.opaque() + '"');
                case 2 -> HttpDate.format((lastModified == null ? BASE : lastModified)
                        .plusSeconds(data.consumeInt(-3, 3)));
                default -> new String(data.consumeBytes(data.consumeInt(0, 80)), ISO_8859_1);
            });
        }
        fields.put(name, values);
    }
}
