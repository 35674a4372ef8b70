package dev.etaglab.server.http;

import java.util.Objects;
import java.util.Optional;

/**
 * An entity tag (RFC 9110 §8.8.3): an opaque string plus a weakness flag.
 *
 * <pre>
 *   entity-tag = [ weak ] opaque-tag
 *   weak       = %s"W/"
 *   opaque-tag = DQUOTE *etagc DQUOTE
 *   etagc      = %x21 / %x23-7E / obs-text
 * </pre>
 *
 * @param opaque the characters between the quotes
 * @param weak   whether the tag is a weak validator (§8.8.1)
 */
public record EntityTag(String opaque, boolean weak) {

    public EntityTag {
        Objects.requireNonNull(opaque, "opaque");
        for (int i = 0; i < opaque.length(); i++) {
            if (!isEtagc(opaque.charAt(i))) {
                throw new IllegalArgumentException("not an etagc character at " + i + ": " + opaque);
            }
        }
    }

    public static EntityTag strong(String opaque) {
        return new EntityTag(opaque, false);
    }

    public static EntityTag weak(String opaque) {
        return new EntityTag(opaque, true);
    }

    /**
     * Parses one entity-tag exactly as the grammar says: no surrounding whitespace, {@code W/} is
     * case-sensitive ({@code w/"x"} and {@code W /"x"} are malformed), the closing quote is required.
     */
    public static Optional<EntityTag> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        boolean weak = value.startsWith("W/");
        int open = weak ? 2 : 0;
        int close = value.length() - 1;
        if (close <= open || value.charAt(open) != '"' || value.charAt(close) != '"') {
            return Optional.empty();
        }
        for (int i = open + 1; i < close; i++) {
            if (!isEtagc(value.charAt(i))) {
                return Optional.empty();
            }
        }
        return Optional.of(new EntityTag(value.substring(open + 1, close), weak));
    }

    /** RFC 9110 §8.8.3.2: both strong and their opaque-tags match character-by-character. */
    public boolean strongMatch(EntityTag other) {
        return other != null && !weak && !other.weak && opaque.equals(other.opaque);
    }

    /** RFC 9110 §8.8.3.2: opaque-tags match character-by-character, either or both may be weak. */
    public boolean weakMatch(EntityTag other) {
        return other != null && opaque.equals(other.opaque);
    }

    /** The field value form: {@code "xyz"} or {@code W/"xyz"}; {@code parse(toString())} round-trips. */
    @Override
    public String toString() {
        return (weak ? "W/\"" : "\"") + opaque + '"';
    }

    static boolean isEtagc(char c) {
        // %x21 / %x23-7E / obs-text (%x80-FF): anything visible except DQUOTE.
        return c == 0x21 || (c >= 0x23 && c <= 0x7E) || (c >= 0x80 && c <= 0xFF);
    }
}
