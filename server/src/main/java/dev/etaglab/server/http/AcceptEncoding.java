package dev.etaglab.server.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code Accept-Encoding} request field (RFC 9110 §12.5.3): which content codings the client
 * accepts, with quality values (§12.4.2).
 *
 * <pre>
 *   Accept-Encoding  = #( codings [ weight ] )
 *   codings          = content-coding / "identity" / "*"
 *   weight           = OWS ";" OWS "q=" qvalue
 *   qvalue           = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
 * </pre>
 *
 * <p>Parsing is total: a member with a malformed weight is skipped (as if not listed), never thrown;
 * at most {@link #MAX_MEMBERS} members are read, since a longer list is hostile.
 *
 * @param present whether the field was sent at all
 * @param members the well-formed members, in order, coding names lower-cased
 */
public record AcceptEncoding(boolean present, List<Member> members) {

    public static final int MAX_MEMBERS = 64;
    public static final String IDENTITY = "identity";
    public static final String GZIP = "gzip";

    /** No field: §12.5.3 says any coding is acceptable; we still serve identity (see {@link #select}). */
    public static final AcceptEncoding ABSENT = new AcceptEncoding(false, List.of());

    /** One member: a coding (or {@code *}) and its weight in thousandths (0..1000). */
    public record Member(String coding, int qThousandths) {
    }

    public AcceptEncoding {
        members = List.copyOf(members);
    }

    /** Parses all field lines of the field; an empty list means the field is absent. */
    public static AcceptEncoding parse(List<String> fieldLines) {
        if (fieldLines == null || fieldLines.isEmpty()) {
            return ABSENT;
        }
        List<Member> members = new ArrayList<>();
        int seen = 0;
        for (String line : fieldLines) {
            // Walk the commas instead of split(): a hostile line costs at most MAX_MEMBERS members of work.
            int start = 0;
            while (start <= line.length() && seen < MAX_MEMBERS) {
                int comma = line.indexOf(',', start);
                int end = comma < 0 ? line.length() : comma;
                String member = line.substring(start, end).strip();
                start = end + 1;
                if (member.isEmpty()) {
                    continue; // §5.6.1: empty list elements do not count
                }
                seen++;
                Member parsed = member(member);
                if (parsed != null) {
                    members.add(parsed);
                }
            }
        }
        return new AcceptEncoding(true, members);
    }

    public static AcceptEncoding parse(String fieldValue) {
        return parse(List.of(fieldValue));
    }

    /**
     * The weight (0..1000) of {@code coding} for this client.
     *
     * <ul>
     *   <li>An explicit member for the coding wins over {@code *} (§12.5.3 rule 1, §12.4.2).</li>
     *   <li>{@code *} covers every coding not listed.</li>
     *   <li>identity is acceptable unless excluded by {@code identity;q=0}, or by {@code *;q=0} without
     *       an {@code identity} member (§12.5.3 rule 2); an empty field value means "identity only".</li>
     *   <li>A field without the coding or {@code *} does not accept it.</li>
     * </ul>
     */
    public int quality(String coding) {
        String name = canonical(coding);
        if (!present) {
            return 1000;
        }
        Integer explicit = null;
        Integer wildcard = null;
        for (Member m : members) {
            if (m.coding().equals(name)) {
                // A coding listed twice is ambiguous; the highest weight is the charitable reading.
                explicit = explicit == null ? m.qThousandths() : Math.max(explicit, m.qThousandths());
            } else if (m.coding().equals("*")) {
                wildcard = wildcard == null ? m.qThousandths() : Math.max(wildcard, m.qThousandths());
            }
        }
        if (explicit != null) {
            return explicit;
        }
        if (wildcard != null) {
            return wildcard;
        }
        return name.equals(IDENTITY) ? 1000 : 0;
    }

    public boolean accepts(String coding) {
        return quality(coding) > 0;
    }

    /**
     * The coding to send, from {@code offered} in the server's order of preference: the highest
     * weight wins, ties go to the earlier offer. Without the field we send identity: "any coding is
     * acceptable" (§12.5.3) is no reason to compress for a client that never said it can decode.
     * When nothing offered is acceptable, the field is disregarded and identity is sent — §12.1
     * allows that instead of a 406, and a JSON document nobody can read helps no one.
     */
    public String select(List<String> offered) {
        if (!present) {
            return IDENTITY;
        }
        String best = IDENTITY;
        int bestQ = 0;
        for (String coding : offered) {
            int q = quality(coding);
            if (q > bestQ) {
                best = canonical(coding);
                bestQ = q;
            }
        }
        return best;
    }

    /** Codings are case-insensitive (§8.4.1); {@code x-gzip} is {@code gzip} (§8.4.1.3). */
    private static String canonical(String coding) {
        String lower = coding.toLowerCase(Locale.ROOT);
        return lower.equals("x-gzip") ? GZIP : lower;
    }

    private static Member member(String member) {
        int semicolon = member.indexOf(';');
        String coding = (semicolon < 0 ? member : member.substring(0, semicolon)).strip();
        if (coding.isEmpty() || !isToken(coding)) {
            return null;
        }
        int q = 1000;
        if (semicolon >= 0) {
            // Only the weight parameter is defined for Accept-Encoding; anything else is malformed.
            String weight = member.substring(semicolon + 1).strip();
            if (weight.length() < 2 || (weight.charAt(0) != 'q' && weight.charAt(0) != 'Q') || weight.charAt(1) != '=') {
                return null;
            }
            q = qvalue(weight.substring(2));
            if (q < 0) {
                return null;
            }
        }
        return new Member(canonical(coding), q);
    }

    /** §12.4.2 qvalue in thousandths, or -1 when malformed (e.g. {@code 1.5}, {@code 0.1234}, {@code .5}). */
    static int qvalue(String s) {
        if (s.isEmpty() || s.length() > 5 || (s.charAt(0) != '0' && s.charAt(0) != '1')) {
            return -1;
        }
        int whole = s.charAt(0) - '0';
        if (s.length() == 1) {
            return whole * 1000;
        }
        if (s.charAt(1) != '.') {
            return -1;
        }
        int fraction = 0;
        int scale = 100;
        for (int i = 2; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9' || (whole == 1 && c != '0')) {
                return -1;
            }
            fraction += (c - '0') * scale;
            scale /= 10;
        }
        return whole * 1000 + fraction;
    }

    // tchar, RFC 9110 §5.6.2
    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return !s.isEmpty();
    }
}
