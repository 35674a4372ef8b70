package dev.etaglab.server.http;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The conditional header fields of one request (RFC 9110 §13.1), parsed once.
 *
 * <p>Parsing never fails: an invalid HTTP-date or a date field with more than one member is treated
 * as absent, as §13.1.3 and §13.1.4 require ("MUST ignore"); so is a date field that the tag field
 * next to it overrides.
 *
 * @param method            the request method, upper case
 * @param ifMatch           {@code If-Match}, or {@code null} when absent
 * @param ifNoneMatch       {@code If-None-Match}, or {@code null} when absent
 * @param ifModifiedSince   {@code If-Modified-Since} when present and a valid HTTP-date, else {@code null}
 * @param ifUnmodifiedSince {@code If-Unmodified-Since} when present and a valid HTTP-date, else {@code null}
 */
public record ConditionalRequest(String method,
                                 EntityTagCondition ifMatch,
                                 EntityTagCondition ifNoneMatch,
                                 Instant ifModifiedSince,
                                 Instant ifUnmodifiedSince) {

    public static final String IF_MATCH = "If-Match";
    public static final String IF_NONE_MATCH = "If-None-Match";
    public static final String IF_MODIFIED_SINCE = "If-Modified-Since";
    public static final String IF_UNMODIFIED_SINCE = "If-Unmodified-Since";

    /**
     * @param method     the request method
     * @param fieldLines all lines of a header field by name; an empty list when absent
     */
    public static ConditionalRequest parse(String method, Function<String, List<String>> fieldLines) {
        EntityTagCondition ifMatch = tagCondition(fieldLines.apply(IF_MATCH));
        EntityTagCondition ifNoneMatch = tagCondition(fieldLines.apply(IF_NONE_MATCH));
        // A date the evaluation must ignore is not even parsed: If-Modified-Since yields to If-None-Match
        // (§13.1.3) and If-Unmodified-Since to If-Match (§13.1.4) — the browser's usual 304 request
        // carries both and pays for the tag only.
        return new ConditionalRequest(method, ifMatch, ifNoneMatch,
                ifNoneMatch == null ? date(fieldLines.apply(IF_MODIFIED_SINCE)) : null,
                ifMatch == null ? date(fieldLines.apply(IF_UNMODIFIED_SINCE)) : null);
    }

    /** GET and HEAD: the methods for which a false If-None-Match means 304 rather than 412 (§13.1.2). */
    public boolean safeRetrieval() {
        return "GET".equals(method) || "HEAD".equals(method);
    }

    /**
     * The name of an entity-tag field the request cannot be evaluated with, if any: {@code *} next to
     * other members of If-Match or If-None-Match (§13.1.1, §13.1.2: the field is either {@code *} or a
     * list of entity tags). The handler answers 400 rather than evaluate a guess; see
     * {@link EntityTagCondition#starInList}.
     */
    public Optional<String> invalidTagField() {
        if (ifMatch != null && ifMatch.starInList()) {
            return Optional.of(IF_MATCH);
        }
        if (ifNoneMatch != null && ifNoneMatch.starInList()) {
            return Optional.of(IF_NONE_MATCH);
        }
        return Optional.empty();
    }

    /**
     * Whether the request carries a precondition that protects a state change from a lost update
     * (RFC 6585 §3 "428 Precondition Required"): If-Match, or a valid If-Unmodified-Since.
     */
    public boolean hasLostUpdatePrecondition() {
        return ifMatch != null || ifUnmodifiedSince != null;
    }

    private static EntityTagCondition tagCondition(List<String> lines) {
        return lines == null || lines.isEmpty() ? null : EntityTagCondition.parse(lines);
    }

    private static Instant date(List<String> lines) {
        // An HTTP-date contains a comma, so a list of dates arrives as one line with more than one
        // comma or as several lines; either way it is not a single valid HTTP-date and is ignored.
        if (lines == null || lines.size() != 1) {
            return null;
        }
        return HttpDate.parse(lines.getFirst().strip()).orElse(null);
    }
}
