package dev.etaglab.server.app;

import dev.etaglab.server.etag.Variant;
import dev.etaglab.server.http.AcceptEncoding;
import dev.etaglab.server.http.ByteRanges;
import dev.etaglab.server.http.ConditionalRequest;
import dev.etaglab.server.http.EntityTag;
import dev.etaglab.server.http.IfRange;
import dev.etaglab.server.http.Preconditions;
import dev.etaglab.server.http.Validators;
import io.helidon.common.buffers.DataReader;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.ServerRequestHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The resource: one JSON document with validators, conditional GET/HEAD and conditional PUT.
 *
 * <pre>
 *   curl -i http://127.0.0.1:8080/resource
 *   curl -i -H 'If-None-Match: "…"' http://127.0.0.1:8080/resource             # 304
 *   curl -i -H 'Accept-Encoding: gzip' http://127.0.0.1:8080/resource          # gzip variant, ETag "…-gz"
 *   curl -i -H 'Range: bytes=0-99' -H 'If-Range: "…"' http://127.0.0.1:8080/resource   # 206 or 200
 *   curl -i 'http://127.0.0.1:8080/resource?pretty'                             # weak W/"…"
 *   curl -i -X PUT -H "Authorization: Bearer $ETAGLAB_TOKEN" -H 'If-Match: "…"' \
 *        -H 'Content-Type: application/json' --data-binary @new.json http://127.0.0.1:8080/resource
 * </pre>
 *
 * <p>Handlers only translate HTTP: the rules live in {@link Preconditions}, the state in
 * {@link DocumentReplica}.
 */
final class ResourceService implements HttpService {

    static final String PATH = "/resource";
    private static final Header ALLOW = HeaderValues.createCached(HeaderNames.ALLOW, "GET, HEAD, PUT, OPTIONS");
    private static final Header JSON = HeaderValues.createCached(HeaderNames.CONTENT_TYPE, "application/json");
    // §12.5.5: on every response whose content depends on Accept-Encoding: 200, 206, 304, 416 and HEAD.
    private static final Header VARY = HeaderValues.createCached(HeaderNames.VARY, "Accept-Encoding");
    private static final Header GZIP = HeaderValues.createCached(HeaderNames.CONTENT_ENCODING, "gzip");
    private static final Header ACCEPT_RANGES_BYTES = HeaderValues.createCached(HeaderNames.ACCEPT_RANGES, "bytes");
    private static final Header ACCEPT_RANGES_NONE = HeaderValues.createCached(HeaderNames.ACCEPT_RANGES, "none");
    private static final List<String> OFFERED_CODINGS = List.of(AcceptEncoding.GZIP, AcceptEncoding.IDENTITY);
    private static final ByteRanges.Decision NO_RANGE = new ByteRanges.Ignore("no Range");
    private static final ByteRanges.Decision NOT_RANGED = new ByteRanges.Ignore("HEAD, or a weakly validated variant");
    private static final ByteRanges.Decision IF_RANGE_FAILED =
            new ByteRanges.Ignore("If-Range does not name the current representation strongly");
    private static final Header WWW_AUTHENTICATE =
            HeaderValues.createCached(HeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"etag-lab\"");

    private final DocumentReplica replica;
    private final CachePolicy cachePolicy;
    private final Optional<WriteToken> writeToken;
    private final int maxBodyBytes;
    private final HttpDateCache dates;
    private final HttpDateCache lastModifiedDates;

    ResourceService(DocumentReplica replica, CachePolicy cachePolicy, Optional<WriteToken> writeToken,
                    int maxBodyBytes, Clock clock) {
        this.replica = replica;
        this.cachePolicy = cachePolicy;
        this.writeToken = writeToken;
        this.maxBodyBytes = maxBodyBytes;
        this.dates = new HttpDateCache(clock);
        this.lastModifiedDates = new HttpDateCache(clock);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(PATH, this::retrieve)
                .head(PATH, this::retrieve)
                .put(PATH, this::replace)
                .options(PATH, this::options)
                .any(PATH, this::methodNotAllowed);
    }

    private void retrieve(ServerRequest req, ServerResponse res) {
        Snapshot snapshot = replica.current();
        Variant variant = select(req);
        Validators current = replica.validators(snapshot, variant);
        ConditionalRequest conditions = conditions(req);
        if (invalidTagField(res, conditions)) {
            return;
        }
        Preconditions.Decision decision = Preconditions.evaluate(conditions, current);
        switch (decision.outcome()) {
            case NOT_MODIFIED -> {
                // §15.4.5: a 304 carries the fields a 200 would have, minus content; no body is read.
                // The ETag is the selected variant's own, the one the client's copy was sent with.
                // No Content-Length (§8.6): support.web's listener removes the one Helidon adds.
                validatorHeaders(res, current);
                res.status(Status.NOT_MODIFIED_304).send();
            }
            case PRECONDITION_FAILED -> preconditionFailed(res, decision.rule());
            case PROCEED -> send(req, res, snapshot.body(variant), variant, current);
        }
    }

    /*
     * ?pretty selects the weak variant (identity only: it exists to show a weak validator, not to be
     * fast); otherwise Accept-Encoding decides between gzip and identity, gzip first on a tie.
     */
    private static Variant select(ServerRequest req) {
        if (req.query().contains("pretty")) {
            return Variant.PRETTY;
        }
        AcceptEncoding accept = AcceptEncoding.parse(req.headers().all(HeaderNames.ACCEPT_ENCODING, List::of));
        return AcceptEncoding.GZIP.equals(accept.select(OFFERED_CODINGS)) ? Variant.GZIP : Variant.IDENTITY;
    }

    private void send(ServerRequest req, ServerResponse res, byte[] body, Variant variant, Validators current) {
        boolean head = req.prologue().method() == Method.HEAD;
        ByteRanges.Decision range = head || variant == Variant.PRETTY
                // §14.2: Range is defined for GET only; a weakly validated variant is never ranged.
                ? NOT_RANGED
                : rangeDecision(req, current, body.length);
        if (range instanceof ByteRanges.Unsatisfiable unsatisfiable) {
            // §15.5.17: the current length, so the client can ask again; it depends on the encoding.
            res.header(HeaderNames.CONTENT_RANGE, unsatisfiable.contentRange());
            res.header(VARY);
            new Problem(Status.REQUESTED_RANGE_NOT_SATISFIABLE_416, "range-not-satisfiable", "Range not satisfiable",
                    "no requested range overlaps the " + body.length + " bytes of the "
                            + variant.name().toLowerCase(Locale.ROOT) + " representation").send(res);
            return;
        }
        validatorHeaders(res, current);
        res.header(JSON);
        if (variant == Variant.GZIP) {
            res.header(GZIP);
        }
        res.header(variant == Variant.PRETTY ? ACCEPT_RANGES_NONE : ACCEPT_RANGES_BYTES);
        if (range instanceof ByteRanges.Partial partial) {
            // Ranges of the gzip variant are ranges of the gzip bytes (§14.1: of the selected representation).
            res.status(Status.PARTIAL_CONTENT_206);
            res.header(HeaderNames.CONTENT_RANGE, partial.contentRange());
            res.send(Arrays.copyOfRange(body, (int) partial.first(), (int) partial.last() + 1));
        } else if (head) {
            // §9.3.2: the same header fields as GET, without the content.
            res.header(HeaderValues.create(HeaderNames.CONTENT_LENGTH, body.length));
            res.send();
        } else {
            res.send(body);
        }
    }

    /** §13.2.2 step 5: a Range is honoured only if If-Range (when sent) holds for the selected variant. */
    private static ByteRanges.Decision rangeDecision(ServerRequest req, Validators current, int length) {
        List<String> range = req.headers().all(HeaderNames.RANGE, List::of);
        if (range.isEmpty()) {
            return NO_RANGE;
        }
        if (!IfRange.permitsRange(req.headers().all(HeaderNames.IF_RANGE, List::of), current)) {
            return IF_RANGE_FAILED;
        }
        return ByteRanges.decide(range, length);
    }

    private void replace(ServerRequest req, ServerResponse res) {
        /*
         * RFC 9110 §13.2.1: preconditions are evaluated once every check that does not need the content
         * has passed (a response other than 2xx or 412 found "prior to processing the request content"
         * makes the server ignore them), and before the content is read or validated: a stale If-Match
         * gets 412 whatever the body holds. Within each group, checks run in the order that lets a
         * client fix one thing at a time.
         */
        if (writeToken.isEmpty()) {
            new Problem(Status.FORBIDDEN_403, "writes-disabled", "Writes are disabled",
                    "this replica has no write token; start it with ETAGLAB_TOKEN set or --token-file").send(res);
            return;
        }
        if (!writeToken.get().permits(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null))) {
            res.header(WWW_AUTHENTICATE);
            new Problem(Status.UNAUTHORIZED_401, "unauthorized", "Missing or wrong bearer token",
                    "send 'Authorization: Bearer <token>' with the replica's write token").send(res);
            return;
        }
        if (!isJson(req.headers())) {
            new Problem(Status.UNSUPPORTED_MEDIA_TYPE_415, "unsupported-media-type", "The document must be JSON",
                    "send Content-Type: application/json").send(res);
            return;
        }
        ConditionalRequest conditions = conditions(req);
        if (invalidTagField(res, conditions)) {
            return;
        }
        if (declaredTooLarge(req)) {
            // Known from the header section alone, so it precedes the preconditions (§13.2.1).
            contentTooLarge(res);
            return;
        }
        Preconditions.Decision decision;
        try {
            // Judged against the origin's current version, as the write itself will be: a replica that has
            // not synced yet must not refuse the newest tag. The write re-evaluates under the origin's lock.
            decision = Preconditions.evaluate(conditions, replica.validators(replica.latest()));
        } catch (IOException e) {
            originUnavailable(res, e);
            return;
        }
        if (decision.outcome() == Preconditions.Outcome.PRECONDITION_FAILED) {
            preconditionFailed(res, decision.rule());
            return;
        }
        /*
         * After the evaluation, not before: a write whose If-None-Match (or If-Unmodified-Since) fails is a
         * precondition failure (412), not a missing precondition; one whose If-None-Match holds still needs
         * If-Match or If-Unmodified-Since, since If-None-Match does not protect against a lost update.
         */
        if (!conditions.hasLostUpdatePrecondition()) {
            new Problem(Status.create(428, "Precondition Required"), "precondition-required",
                    "A conditional request is required",
                    "send If-Match with the ETag you last saw (or a valid If-Unmodified-Since), "
                            + "so that concurrent writers cannot overwrite each other (RFC 6585 §3)").send(res);
            return;
        }
        Optional<byte[]> body;
        try {
            body = readBounded(req);
        } catch (DataReader.InsufficientDataAvailableException | UncheckedIOException e) {
            // RFC 9112 §8: the connection closed before Content-Length bytes arrived (a writer that died
            // mid-body). An incomplete message is never stored; the answer is for the log, nobody reads it.
            new Problem(Status.BAD_REQUEST_400, "incomplete-content", "The request content was incomplete",
                    "the connection ended before the declared Content-Length; nothing was changed").send(res);
            return;
        }
        if (body.isEmpty()) {
            contentTooLarge(res);
            return;
        }
        Optional<String> invalid = JsonDocuments.problemWith(body.get());
        if (invalid.isPresent()) {
            new Problem(Status.BAD_REQUEST_400, "invalid-json", "The document is not valid JSON", invalid.get())
                    .send(res);
            return;
        }
        // Another writer may have won since the first evaluation: the one under the lock decides, and says why.
        AtomicReference<Preconditions.Decision> decisionUnderLock = new AtomicReference<>();
        Optional<Snapshot> written;
        try {
            written = replica.replace(body.get(), validators -> {
                Preconditions.Decision atWrite = Preconditions.evaluate(conditions, validators);
                decisionUnderLock.set(atWrite);
                return atWrite.outcome() == Preconditions.Outcome.PROCEED;
            });
        } catch (IOException e) {
            originUnavailable(res, e);
            return;
        }
        if (written.isEmpty()) {
            preconditionFailed(res, decisionUnderLock.get().rule());
            return;
        }
        // §8.8.3/§9.3.4: validators may be sent on PUT because the content was stored untransformed.
        validatorHeaders(res, replica.validators(written.get()));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void options(ServerRequest req, ServerResponse res) {
        res.header(ALLOW);
        res.status(Status.NO_CONTENT_204).send();
    }

    private void methodNotAllowed(ServerRequest req, ServerResponse res) {
        res.header(ALLOW);
        new Problem(Status.METHOD_NOT_ALLOWED_405, "method-not-allowed", "Method not allowed",
                req.prologue().method().text() + " is not supported on " + PATH).send(res);
    }

    /** The 412's detail names the rule that decided (§13.2.2), as {@link Preconditions} reports it. */
    private static void preconditionFailed(ServerResponse res, Preconditions.Rule rule) {
        String detail = switch (rule) {
            case IF_MATCH -> "If-Match does not match the current ETag; GET the resource again and retry with its ETag";
            case IF_UNMODIFIED_SINCE -> "the document was modified after If-Unmodified-Since; "
                    + "GET the resource again and retry with its ETag";
            case IF_NONE_MATCH -> "If-None-Match matches the current ETag (* matches any current document), "
                    + "so the condition that nothing matches is false";
            // Step 4 only ever yields 304, and NONE means every precondition held: neither fails a request.
            case IF_MODIFIED_SINCE, NONE -> throw new IllegalStateException("no 412 comes from " + rule);
        };
        new Problem(Status.PRECONDITION_FAILED_412, "precondition-failed", "Precondition failed", detail).send(res);
    }

    /**
     * 400 for {@code *} next to entity tags in If-Match or If-None-Match, on every method. Refused rather
     * than ignored (§13.1.1, §13.1.2 give the field as {@code *} or a list, never both): ignoring it would
     * turn {@code If-None-Match: *, "x"} on a PUT, meant as "only if nothing exists", into a write
     * guarded by If-Match alone, and a client that sent it has a bug worth hearing about. A 304 is never
     * right: the field does not say which of its two meanings the client had.
     */
    private static boolean invalidTagField(ServerResponse res, ConditionalRequest conditions) {
        Optional<String> field = conditions.invalidTagField();
        if (field.isEmpty()) {
            return false;
        }
        new Problem(Status.BAD_REQUEST_400, "invalid-precondition", "A precondition field is malformed",
                field.get() + " mixes * with entity tags; send either * or a list of entity tags (RFC 9110 §13.1)")
                .send(res);
        return true;
    }

    private void contentTooLarge(ServerResponse res) {
        new Problem(Status.REQUEST_ENTITY_TOO_LARGE_413, "content-too-large", "The document is too large",
                "the limit is " + maxBodyBytes + " bytes (--max-body)").send(res);
    }

    private static void originUnavailable(ServerResponse res, IOException e) {
        new Problem(Status.SERVICE_UNAVAILABLE_503, "origin-unavailable", "The origin is unavailable",
                "nothing was changed: " + e.getMessage()).send(res);
    }

    private void validatorHeaders(ServerResponse res, Validators current) {
        Instant now = dates.now();
        EntityTag etag = current.etag();
        res.header(HeaderNames.DATE, dates.format(now));
        res.header(HeaderNames.ETAG, etag.toString());
        if (current.lastModified() != null) {
            // §8.8.2.1: a Last-Modified later than Date must be replaced by Date.
            Instant lastModified = current.lastModified().isAfter(now) ? now : current.lastModified();
            res.header(HeaderNames.LAST_MODIFIED, lastModifiedDates.format(lastModified));
        }
        res.header(cachePolicy.header());
        res.header(VARY);
    }

    private static ConditionalRequest conditions(ServerRequest req) {
        ServerRequestHeaders headers = req.headers();
        return ConditionalRequest.parse(req.prologue().method().text(),
                name -> headers.all(headerName(name), List::of));
    }

    private static HeaderName headerName(String name) {
        return switch (name) {
            case ConditionalRequest.IF_MATCH -> HeaderNames.IF_MATCH;
            case ConditionalRequest.IF_NONE_MATCH -> HeaderNames.IF_NONE_MATCH;
            case ConditionalRequest.IF_MODIFIED_SINCE -> HeaderNames.IF_MODIFIED_SINCE;
            case ConditionalRequest.IF_UNMODIFIED_SINCE -> HeaderNames.IF_UNMODIFIED_SINCE;
            default -> HeaderNames.create(name);
        };
    }

    private static boolean isJson(ServerRequestHeaders headers) {
        return headers.contentType()
                .map(type -> {
                    String subtype = type.mediaType().subtype();
                    return type.mediaType().type().equals("application")
                            && (subtype.equals("json") || subtype.endsWith("+json"));
                })
                .orElse(false);
    }

    /** A Content-Length over the limit: refused before anything is read. */
    private boolean declaredTooLarge(ServerRequest req) {
        OptionalLong declared = req.headers().contentLength();
        return declared.isPresent() && declared.getAsLong() > maxBodyBytes;
    }

    /** The body, or empty when it exceeds the limit (a chunked body is measured as it is read). */
    private Optional<byte[]> readBounded(ServerRequest req) {
        try (InputStream in = req.content().inputStream()) {
            byte[] body = in.readNBytes(maxBodyBytes + 1);
            return body.length > maxBodyBytes ? Optional.empty() : Optional.of(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
