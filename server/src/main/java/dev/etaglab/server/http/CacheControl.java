package dev.etaglab.server.http;

import java.util.regex.Pattern;

/** Syntax of a Cache-Control field value (RFC 9111 §5.2): {@code #( token [ "=" ( token / quoted-string ) ] )}. */
public final class CacheControl {

    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
    private static final String DIRECTIVE = TOKEN + "(=(" + TOKEN + "|\"[^\"\\\\\\p{Cntrl}]*\"))?";
    private static final Pattern VALUE = Pattern.compile(DIRECTIVE + "([ \\t]*,[ \\t]*" + DIRECTIVE + ")*");

    private CacheControl() {
    }

    /** Whether {@code value} (already stripped of surrounding whitespace) is a well-formed directive list. */
    public static boolean isValid(String value) {
        return value != null && value.length() <= 256 && VALUE.matcher(value).matches();
    }
}
