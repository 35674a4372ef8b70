package dev.etaglab.server.http;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.BiPredicate;

/**
 * Evaluates conditional requests in the order RFC 9110 §13.2.2 prescribes, as a pure function.
 *
 * <ol>
 *   <li>If-Match present: false → 412.</li>
 *   <li>If-Match absent, If-Unmodified-Since present: false → 412.</li>
 *   <li>If-None-Match present: false → 304 for GET/HEAD, otherwise 412.</li>
 *   <li>If-None-Match absent, GET/HEAD, If-Modified-Since present: false → 304.</li>
 *   <li>Otherwise perform the method.</li>
 * </ol>
 *
 * <p>It returns a decision rather than throwing (unlike Helidon's static content handler) so that the
 * handler maps it to a status in one place, and so that the 304 path stays cheap. The decision names the
 * rule that made it, so a 412's message or a log line never has to guess which field failed: a PUT whose
 * If-Match holds can still fail on its If-None-Match.
 */
public final class Preconditions {

    /** What the server does next. */
    public enum Outcome {
        /** All preconditions passed (or none applied): perform the method. */
        PROCEED,
        /** 304 Not Modified (§15.4.5): only for GET/HEAD, never for state-changing methods. */
        NOT_MODIFIED,
        /** 412 Precondition Failed (§15.5.13). */
        PRECONDITION_FAILED
    }

    /** The step of §13.2.2 that decided; {@link #NONE} when every precondition that applied held. */
    public enum Rule {
        /** No precondition decided: none was sent, none applied, or all held. */
        NONE(null),
        /** Step 1, §13.1.1: the strong comparison failed (or {@code *} with no current representation). */
        IF_MATCH("If-Match"),
        /** Step 2, §13.1.4: the representation was modified after the date. */
        IF_UNMODIFIED_SINCE("If-Unmodified-Since"),
        /** Step 3, §13.1.2: a tag (or {@code *}) matched weakly: 304 for GET/HEAD, 412 otherwise. */
        IF_NONE_MATCH("If-None-Match"),
        /** Step 4, §13.1.3: not modified since the date (GET/HEAD only). */
        IF_MODIFIED_SINCE("If-Modified-Since");

        private final String field;

        Rule(String field) {
            this.field = field;
        }

        /** The header field this rule evaluates, or {@code null} for {@link #NONE}. */
        public String field() {
            return field;
        }
    }

    /**
     * What to do and which rule said so. Only the six combinations below exist, and {@link #evaluate}
     * returns these constants, so the 304 path allocates nothing for the decision.
     */
    public record Decision(Outcome outcome, Rule rule) {
        public static final Decision PROCEED = new Decision(Outcome.PROCEED, Rule.NONE);
        public static final Decision IF_MATCH_FAILED = new Decision(Outcome.PRECONDITION_FAILED, Rule.IF_MATCH);
        public static final Decision IF_UNMODIFIED_SINCE_FAILED =
                new Decision(Outcome.PRECONDITION_FAILED, Rule.IF_UNMODIFIED_SINCE);
        public static final Decision IF_NONE_MATCH_FAILED =
                new Decision(Outcome.PRECONDITION_FAILED, Rule.IF_NONE_MATCH);
        public static final Decision NOT_MODIFIED_BY_TAG = new Decision(Outcome.NOT_MODIFIED, Rule.IF_NONE_MATCH);
        public static final Decision NOT_MODIFIED_BY_DATE = new Decision(Outcome.NOT_MODIFIED, Rule.IF_MODIFIED_SINCE);
    }

    private Preconditions() {
    }

    /**
     * @param request the parsed conditional fields
     * @param current the validators of the current representation; {@code null} fields mean "none",
     *                and a {@code null} etag also means "no current representation" for {@code *}
     */
    public static Decision evaluate(ConditionalRequest request, Validators current) {
        // Step 1: If-Match uses the strong comparison (§13.1.1).
        if (request.ifMatch() != null) {
            if (!matches(request.ifMatch(), request, current, EntityTagCondition::matchesStrongly)) {
                return Decision.IF_MATCH_FAILED;
            }
        } else if (request.ifUnmodifiedSince() != null && current.lastModified() != null) {
            // Step 2: only without If-Match; ignored when the resource has no modification date (§13.1.4).
            if (isAfter(current.lastModified(), request.ifUnmodifiedSince())
                    || ambiguousSecond(current, request.ifUnmodifiedSince())) {
                return Decision.IF_UNMODIFIED_SINCE_FAILED;
            }
        }
        // Step 3: If-None-Match uses the weak comparison (§13.1.2).
        if (request.ifNoneMatch() != null) {
            if (matches(request.ifNoneMatch(), request, current, EntityTagCondition::matchesWeakly)) {
                return request.safeRetrieval() ? Decision.NOT_MODIFIED_BY_TAG : Decision.IF_NONE_MATCH_FAILED;
            }
        } else if (request.safeRetrieval() && request.ifModifiedSince() != null && current.lastModified() != null) {
            // Step 4: only without If-None-Match, only for GET/HEAD (§13.1.3).
            if (!isAfter(current.lastModified(), request.ifModifiedSince())
                    && !ambiguousSecond(current, request.ifModifiedSince())) {
                return Decision.NOT_MODIFIED_BY_DATE;
            }
        }
        return Decision.PROCEED;
    }

    /*
     * GET/HEAD compare with the selected representation only: a 304 tells the client to reuse its copy
     * of *this* variant, so the identity tag must not validate a gzip copy (or the reverse). A
     * state-changing request asks about the resource's state, which every variant's tag names.
     */
    private static boolean matches(EntityTagCondition condition, ConditionalRequest request, Validators current,
                                   BiPredicate<EntityTagCondition, EntityTag> comparison) {
        if (comparison.test(condition, current.etag())) {
            return true;
        }
        if (request.safeRetrieval() || current.etag() == null) {
            return false;
        }
        for (EntityTag sibling : current.siblings()) {
            if (comparison.test(condition, sibling)) {
                return true;
            }
        }
        return false;
    }

    /*
     * §8.8.2.2: a Last-Modified is only strong if the origin knows there was no second change within
     * that second. When it knows there was, a date naming that very second cannot tell the two
     * versions apart, so it must neither yield a 304 nor let a write through; a later date can.
     */
    private static boolean ambiguousSecond(Validators current, Instant fieldDate) {
        return !current.lastModifiedStrong()
                && current.lastModified().equals(fieldDate.truncatedTo(ChronoUnit.SECONDS));
    }

    /** Dates compare at one-second precision: an HTTP-date cannot carry more (§5.6.7). */
    private static boolean isAfter(Instant lastModified, Instant fieldDate) {
        return lastModified.truncatedTo(ChronoUnit.SECONDS).isAfter(fieldDate.truncatedTo(ChronoUnit.SECONDS));
    }
}
