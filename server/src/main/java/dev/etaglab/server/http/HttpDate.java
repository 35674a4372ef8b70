package dev.etaglab.server.http;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.TextStyle;
import java.time.temporal.ChronoField;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP-date (RFC 9110 §5.6.7): one-second precision, always GMT.
 *
 * <p>Senders use IMF-fixdate only; recipients must also accept the two obsolete forms
 * (RFC 850 and asctime). Anything else is "not a valid HTTP-date", which for the conditional
 * fields means the field is ignored (§13.1.3, §13.1.4) — never an error.
 */
public final class HttpDate {

    // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM uuuu HH:mm:ss 'GMT'", Locale.US)
                    .withResolverStyle(ResolverStyle.STRICT);
    // obsolete asctime: Sun Nov  6 08:49:37 1994 (day padded with a space)
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss uuuu", Locale.US)
                    .withResolverStyle(ResolverStyle.STRICT);

    private HttpDate() {
    }

    /** Formats as IMF-fixdate; sub-second precision is dropped, as the format has none. */
    public static String format(Instant instant) {
        return IMF_FIXDATE.format(instant.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
    }

    /** Parses any of the three forms; empty for anything that is not a valid HTTP-date. */
    public static Optional<Instant> parse(String value) {
        if (value == null || value.length() < 24 || value.length() > 40) {
            return Optional.empty();
        }
        for (DateTimeFormatter format : new DateTimeFormatter[] {IMF_FIXDATE, rfc850(), ASCTIME}) {
            try {
                return Optional.of(LocalDateTime.parse(value, format).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException ignored) {
                // try the next form
            } catch (DateTimeException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /*
     * Obsolete RFC 850 form: Sunday, 06-Nov-94 08:49:37 GMT. RFC 9110 §5.6.7: a two-digit year that
     * appears to be more than 50 years in the future is the most recent past year with those digits,
     * so the century window moves with the clock and the formatter is built per use (a rare format).
     */
    private static DateTimeFormatter rfc850() {
        LocalDate base = LocalDate.now(ZoneOffset.UTC).minusYears(49);
        return new DateTimeFormatterBuilder()
                .appendText(ChronoField.DAY_OF_WEEK, TextStyle.FULL)
                .appendPattern(", dd-MMM-")
                .appendValueReduced(ChronoField.YEAR, 2, 2, base)
                .appendPattern(" HH:mm:ss 'GMT'")
                .toFormatter(Locale.US)
                .withChronology(IsoChronology.INSTANCE)
                .withResolverStyle(ResolverStyle.STRICT);
    }
}
