package dev.etaglab.server.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code Range} request field for the {@code bytes} unit (RFC 9110 §14.1.2, §14.2), resolved
 * against a representation length.
 *
 * <pre>
 *   Range             = ranges-specifier
 *   ranges-specifier  = range-unit "=" range-set
 *   range-set         = 1#range-spec
 *   range-spec        = int-range / suffix-range / other-range
 *   int-range         = first-pos "-" [ last-pos ]
 *   suffix-range      = "-" suffix-length
 * </pre>
 *
 * <p>Policy (all allowed by §14.2, which lets a server ignore Range altogether):
 * <ul>
 *   <li>A syntactically invalid field, another unit, or more than {@link #MAX_RANGES} range-specs is
 *       <em>ignored</em>: the full 200. Parsing stops at the first problem, so 10,000 ranges cost one
 *       scan of at most {@link #MAX_RANGES} members.</li>
 *   <li>Satisfiable ranges are clamped to the length, sorted and coalesced when they overlap or
 *       touch. One range left → 206 with {@code Content-Range}. Several disjoint ranges left →
 *       ignored (200): we do not send {@code multipart/byteranges}. The document is ~20 KiB, a full
 *       200 is what a client would get from any server that ignores Range, and it keeps the many-small-
 *       ranges amplification of §17.15 off the table.</li>
 *   <li>No satisfiable range → 416 with {@code Content-Range: bytes *&#47;LEN} (§15.5.17).</li>
 * </ul>
 */
public final class ByteRanges {

    /** More range-specs than this is hostile or pointless for one document: the field is ignored. */
    public static final int MAX_RANGES = 16;
    private static final int MAX_FIELD_CHARS = 1024;

    /** What the server does with a Range field. */
    public sealed interface Decision permits Ignore, Partial, Unsatisfiable {
    }

    /** Send the full representation (200): invalid, unsupported or declined by policy. */
    public record Ignore(String reason) implements Decision {
    }

    /** Send bytes {@code first..last} (inclusive) with 206. */
    public record Partial(long first, long last, long completeLength) implements Decision {
        public long length() {
            return last - first + 1;
        }

        /** {@code bytes 0-99/2048} (§14.4). */
        public String contentRange() {
            return "bytes " + first + '-' + last + '/' + completeLength;
        }
    }

    /** 416 Range Not Satisfiable. */
    public record Unsatisfiable(long completeLength) implements Decision {
        /** {@code bytes *&#47;2048} (§14.4, unsatisfied-range). */
        public String contentRange() {
            return "bytes */" + completeLength;
        }
    }

    private record Spec(long first, long last, long suffix) {
        // first >= 0 for int-range (last == -1 when open), suffix >= 0 for suffix-range (first == -1)
    }

    private ByteRanges() {
    }

    /**
     * @param fieldLines all lines of the Range field (more than one line is not a valid singleton field)
     * @param length     the selected representation's length in bytes
     */
    public static Decision decide(List<String> fieldLines, long length) {
        if (fieldLines == null || fieldLines.size() != 1) {
            return new Ignore(fieldLines == null || fieldLines.isEmpty() ? "no Range" : "Range sent more than once");
        }
        return decide(fieldLines.getFirst(), length);
    }

    public static Decision decide(String field, long length) {
        if (field.length() > MAX_FIELD_CHARS) {
            return new Ignore("Range field longer than " + MAX_FIELD_CHARS + " characters");
        }
        int eq = field.indexOf('=');
        // range-unit is case-insensitive (§14.1)
        if (eq < 0 || !field.substring(0, eq).strip().equalsIgnoreCase("bytes")) {
            return new Ignore("not a bytes range");
        }
        List<Spec> specs = new ArrayList<>();
        int start = eq + 1;
        int members = 0;
        for (int i = start; i <= field.length(); i++) {
            if (i < field.length() && field.charAt(i) != ',') {
                continue;
            }
            String member = field.substring(start, i).strip();
            start = i + 1;
            if (member.isEmpty()) {
                continue; // §5.6.1.2: empty list elements are ignored
            }
            if (++members > MAX_RANGES) {
                return new Ignore("more than " + MAX_RANGES + " ranges");
            }
            Spec spec = spec(member);
            if (spec == null) {
                return new Ignore("invalid range-spec '" + member + "'");
            }
            specs.add(spec);
        }
        if (specs.isEmpty()) {
            return new Ignore("empty range-set");
        }
        List<long[]> satisfiable = new ArrayList<>();
        for (Spec s : specs) {
            long[] r = resolve(s, length);
            if (r != null) {
                satisfiable.add(r);
            }
        }
        if (satisfiable.isEmpty()) {
            return new Unsatisfiable(length);
        }
        satisfiable.sort(Comparator.comparingLong(r -> r[0]));
        List<long[]> coalesced = new ArrayList<>();
        for (long[] r : satisfiable) {
            long[] lastOne = coalesced.isEmpty() ? null : coalesced.getLast();
            if (lastOne != null && r[0] <= lastOne[1] + 1) {
                lastOne[1] = Math.max(lastOne[1], r[1]);
            } else {
                coalesced.add(r);
            }
        }
        if (coalesced.size() > 1) {
            return new Ignore("several disjoint ranges; multipart/byteranges is not offered");
        }
        return new Partial(coalesced.getFirst()[0], coalesced.getFirst()[1], length);
    }

    /** §14.1.2: clamp to the representation, or null when this range-spec is unsatisfiable. */
    private static long[] resolve(Spec s, long length) {
        if (s.first() >= 0) {
            if (s.first() >= length) {
                return null; // first-pos at or beyond the end
            }
            long last = s.last() < 0 || s.last() >= length ? length - 1 : s.last();
            return new long[] {s.first(), last};
        }
        if (s.suffix() == 0 || length == 0) {
            return null; // a zero-length suffix selects nothing
        }
        return new long[] {Math.max(0, length - s.suffix()), length - 1};
    }

    private static Spec spec(String member) {
        int dash = member.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String firstText = member.substring(0, dash);
        String lastText = member.substring(dash + 1);
        if (firstText.isEmpty()) {
            long suffix = digits(lastText);
            return suffix < 0 ? null : new Spec(-1, -1, suffix);
        }
        long first = digits(firstText);
        if (first < 0) {
            return null;
        }
        if (lastText.isEmpty()) {
            return new Spec(first, -1, -1);
        }
        long last = digits(lastText);
        // §14.1.1: an int-range with last-pos < first-pos is invalid, which makes the field invalid.
        if (last < 0 || last < first) {
            return null;
        }
        return new Spec(first, last, -1);
    }

    /** 1*DIGIT as a long, saturating at Long.MAX_VALUE (a huge position just clamps); -1 if not digits. */
    private static long digits(String s) {
        if (s.isEmpty()) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : value * 10 + (c - '0');
        }
        return value;
    }
}
