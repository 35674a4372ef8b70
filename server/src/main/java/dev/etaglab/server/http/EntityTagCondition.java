package dev.etaglab.server.http;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * The value of an {@code If-Match} or {@code If-None-Match} field (RFC 9110 §13.1.1, §13.1.2):
 * either {@code *} or a list of entity tags.
 *
 * <pre>
 *   If-Match = "*" / #entity-tag
 * </pre>
 *
 * <p>Parsing is total: a malformed member (unquoted, lowercase {@code w/}, unterminated quote, a
 * {@code *} next to other members) is counted and skipped, never thrown. A malformed member can
 * therefore never match, which errs on the safe side for both fields: If-Match fails (412, no
 * write), If-None-Match does not produce a 304 (the full representation is sent).
 *
 * <p>A {@code *} next to other members is more than a bad member: the field is then neither
 * alternative of the grammar, and skipping the {@code *} would change what the client asked
 * ({@code If-None-Match: *} on a PUT means "only if nothing exists"). {@link #starInList} reports it
 * so that the handler can refuse the request instead of evaluating a field it cannot read.
 *
 * @param any        the field value was exactly {@code *}
 * @param tags       the well-formed members, in order
 * @param malformed  how many members were skipped as malformed
 * @param starInList a {@code *} came with other members (it is also counted in {@code malformed})
 */
public record EntityTagCondition(boolean any, List<EntityTag> tags, int malformed, boolean starInList) {

    /** Upper bound on members examined; a longer list is hostile, and its tail cannot match. */
    public static final int MAX_MEMBERS = 1024;

    public EntityTagCondition {
        tags = List.copyOf(tags);
    }

    /**
     * Parses all field lines of one field (a recipient may combine lines with commas, RFC 9110 §5.3).
     * Commas inside a quoted opaque-tag do not split members (§5.6.1 list rules do not apply inside
     * quotes), empty list elements and OWS around members are ignored (§5.6.1.2).
     */
    public static EntityTagCondition parse(List<String> fieldLines) {
        List<String> members = new ArrayList<>();
        for (String line : fieldLines) {
            splitMembers(line, members);
        }
        if (members.size() == 1 && members.getFirst().equals("*")) {
            return new EntityTagCondition(true, List.of(), 0, false);
        }
        List<EntityTag> tags = new ArrayList<>(members.size());
        int malformed = 0;
        boolean starInList = false;
        for (String member : members) {
            var tag = EntityTag.parse(member);
            if (tag.isPresent()) {
                tags.add(tag.get());
            } else {
                malformed++;
                starInList |= member.equals("*");
            }
        }
        return new EntityTagCondition(false, tags, malformed, starInList);
    }

    public static EntityTagCondition parse(String fieldValue) {
        return parse(List.of(fieldValue));
    }

    /** If-Match semantics (§13.1.1): {@code *} matches any current representation, else strong comparison. */
    public boolean matchesStrongly(EntityTag current) {
        return matches(current, EntityTag::strongMatch);
    }

    /** If-None-Match semantics (§13.1.2): {@code *} matches any current representation, else weak comparison. */
    public boolean matchesWeakly(EntityTag current) {
        return matches(current, EntityTag::weakMatch);
    }

    private boolean matches(EntityTag current, BiPredicate<EntityTag, EntityTag> comparison) {
        if (current == null) {
            return false;
        }
        if (any) {
            return true;
        }
        for (EntityTag tag : tags) {
            if (comparison.test(tag, current)) {
                return true;
            }
        }
        return false;
    }

    // OWS = *( SP / HTAB ), RFC 9110 §5.6.3; nothing else counts as whitespace here.
    private static String trimOws(String s, int from, int to) {
        while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
            to--;
        }
        return s.substring(from, to);
    }

    private static void splitMembers(String line, List<String> out) {
        if (line == null) {
            return;
        }
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i <= line.length() && out.size() < MAX_MEMBERS; i++) {
            if (i == line.length() || (line.charAt(i) == ',' && !quoted)) {
                String member = trimOws(line, start, i);
                if (!member.isEmpty()) {
                    out.add(member);
                }
                start = i + 1;
            } else if (line.charAt(i) == '"') {
                quoted = !quoted;
            }
        }
    }
}
