package dev.etaglab.lb;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A token-bucket limit written {@code AMOUNT/PERIOD}: the bucket holds {@code amount} tokens and refills
 * {@code amount} tokens per {@code period}, smoothly.
 *
 * <p>Requests: {@code 100/1s}, {@code 6000/1m}. Egress bytes: {@code 1MiB/1s}, {@code 512KiB/500ms},
 * {@code 20000/1s} (IEC units B, KiB, MiB, GiB). Periods: {@code ms}, {@code s}, {@code m}, {@code h}, with
 * an optional count ({@code /s} means {@code /1s}).
 */
record LimitSpec(long amount, Duration period) {
    private static final Pattern SPEC = Pattern.compile("(\\d+)\\s*([A-Za-z]*)\\s*/\\s*(\\d*)\\s*(ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([A-Za-z]*)");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");
    private static final Map<String, Long> BYTE_UNITS = Map.of(
            "", 1L, "b", 1L, "kib", 1L << 10, "mib", 1L << 20, "gib", 1L << 30);

    LimitSpec {
        if (amount <= 0) {
            throw new IllegalArgumentException("limit amount must be positive");
        }
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("limit period must be positive");
        }
    }

    /** A request-count limit such as {@code 100/1s}; units are rejected so a byte size is never taken for a count. */
    static LimitSpec requests(String text) {
        Matcher matcher = matchSpec(text, "100/1s");
        if (!matcher.group(2).isEmpty()) {
            throw new IllegalArgumentException("a request limit counts requests, not '" + matcher.group(2)
                                                       + "': expected e.g. 100/1s, got '" + text + "'");
        }
        return new LimitSpec(Long.parseLong(matcher.group(1)), period(matcher));
    }

    /** A byte limit such as {@code 1MiB/1s}. */
    static LimitSpec bytes(String text) {
        Matcher matcher = matchSpec(text, "1MiB/1s");
        Long unit = BYTE_UNITS.get(matcher.group(2).toLowerCase(Locale.ROOT));
        if (unit == null) {
            throw new IllegalArgumentException("unknown byte unit '" + matcher.group(2)
                                                       + "' (use B, KiB, MiB or GiB) in '" + text + "'");
        }
        return new LimitSpec(Math.multiplyExact(Long.parseLong(matcher.group(1)), unit), period(matcher));
    }

    /** A byte size such as {@code 8MiB} or {@code 65536}. */
    static long size(String text) {
        Matcher matcher = SIZE.matcher(text.strip());
        Long unit = matcher.matches() ? BYTE_UNITS.get(matcher.group(2).toLowerCase(Locale.ROOT)) : null;
        if (unit == null) {
            throw new IllegalArgumentException("expected a size like 65536, 64KiB or 8MiB, got '" + text + "'");
        }
        long size = Math.multiplyExact(Long.parseLong(matcher.group(1)), unit);
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive, got '" + text + "'");
        }
        return size;
    }

    /** A duration such as {@code 500ms}, {@code 2s}, {@code 1m}, {@code 1h}. */
    static Duration duration(String text) {
        Matcher matcher = DURATION.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("expected a duration like 500ms, 2s, 1m or 1h, got '" + text + "'");
        }
        Duration duration = unit(matcher.group(2)).multipliedBy(Long.parseLong(matcher.group(1)));
        if (duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive, got '" + text + "'");
        }
        return duration;
    }

    private static Matcher matchSpec(String text, String example) {
        Matcher matcher = SPEC.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("expected AMOUNT/PERIOD like " + example + ", got '" + text + "'");
        }
        return matcher;
    }

    private static Duration period(Matcher matcher) {
        long count = matcher.group(3).isEmpty() ? 1 : Long.parseLong(matcher.group(3));
        return unit(matcher.group(4)).multipliedBy(count);
    }

    private static Duration unit(String unit) {
        return switch (unit) {
            case "ms" -> Duration.ofMillis(1);
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            case "h" -> Duration.ofHours(1);
            default -> throw new IllegalArgumentException("unknown time unit " + unit);
        };
    }
}
