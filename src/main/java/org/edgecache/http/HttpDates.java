package org.edgecache.http;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP-date (RFC 9110 §5.6.7): parses the three formats a recipient must accept and formats the one a
 * sender must generate.
 *
 * <ul>
 *   <li>IMF-fixdate: {@code Sun, 06 Nov 1994 08:49:37 GMT}</li>
 *   <li>RFC 850 (obsolete): {@code Sunday, 06-Nov-94 08:49:37 GMT}</li>
 *   <li>asctime (obsolete): {@code Sun Nov  6 08:49:37 1994}</li>
 * </ul>
 *
 * Parsing is strict about the shape (separators, digit counts) but lenient about letter case and
 * surrounding whitespace; the weekday name is checked for spelling, not against the date. A leap
 * second ({@code :60}) is read as {@code :59}. Anything else gives an empty result: it never throws.
 */
public final class HttpDates {

    private static final String[] MONTHS = {
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
    };
    private static final String[] SHORT_DAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    private static final String[] LONG_DAYS = {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
    };

    /** The clock-free parse's reference point: two-digit RFC 850 years 00–69 are 20yy, 70–99 are 19yy. */
    private static final int DEFAULT_PIVOT_YEAR = 2019;

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private HttpDates() {
    }

    /**
     * Parses an HTTP-date. A two-digit RFC 850 year is placed in the century that puts it at most
     * 50 years after {@code now} (RFC 9110 §5.6.7).
     */
    public static Optional<Instant> parse(String value, Instant now) {
        return parse(value, now == null ? DEFAULT_PIVOT_YEAR : now.atZone(ZoneOffset.UTC).getYear());
    }

    private static Optional<Instant> parse(String value, int pivotYear) {
        if (value == null) {
            return Optional.empty();
        }
        String s = value.strip();
        try {
            if (s.length() > 3 && s.charAt(3) == ',') {
                return imfFixdate(s);
            }
            if (s.length() > 3 && s.charAt(3) == ' ') {
                return asctime(s);
            }
            return rfc850(s, pivotYear);
        } catch (DateTimeException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    /**
     * Parses an HTTP-date without a clock: a two-digit RFC 850 year {@code 00}–{@code 69} is read as
     * 20yy and {@code 70}–{@code 99} as 19yy. Use {@link #parse(String, Instant)} when a clock is at hand.
     */
    public static Optional<Instant> parse(String value) {
        return parse(value, DEFAULT_PIVOT_YEAR);
    }

    /** Formats an instant as IMF-fixdate, truncated to whole seconds. */
    public static String format(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }

    // "Sun, 06 Nov 1994 08:49:37 GMT"
    private static Optional<Instant> imfFixdate(String s) {
        if (s.length() != 29 || !isDay(s.substring(0, 3), SHORT_DAYS) || s.charAt(4) != ' '
                || s.charAt(7) != ' ' || s.charAt(11) != ' ' || s.charAt(16) != ' ' || s.charAt(25) != ' '
                || !s.substring(26).equalsIgnoreCase("GMT")) {
            return Optional.empty();
        }
        int day = digits(s, 5, 2);
        int month = month(s.substring(8, 11));
        int year = digits(s, 12, 4);
        return at(year, month, day, s, 17);
    }

    // "Sunday, 06-Nov-94 08:49:37 GMT"
    private static Optional<Instant> rfc850(String s, int pivotYear) {
        int comma = s.indexOf(',');
        if (comma < 0 || !isDay(s.substring(0, comma), LONG_DAYS)) {
            return Optional.empty();
        }
        String rest = s.substring(comma + 1);
        if (rest.length() != 23 || rest.charAt(0) != ' ' || rest.charAt(3) != '-' || rest.charAt(7) != '-'
                || rest.charAt(10) != ' ' || rest.charAt(19) != ' ' || !rest.substring(20).equalsIgnoreCase("GMT")) {
            return Optional.empty();
        }
        int day = digits(rest, 1, 2);
        int month = month(rest.substring(4, 7));
        int yy = digits(rest, 8, 2);
        if (yy < 0) {
            return Optional.empty();
        }
        int century = pivotYear / 100 * 100;
        int year = century + yy;
        if (year > pivotYear + 50) {
            year -= 100;
        }
        return at(year, month, day, rest, 11);
    }

    // "Sun Nov  6 08:49:37 1994"
    private static Optional<Instant> asctime(String s) {
        if (s.length() != 24 || !isDay(s.substring(0, 3), SHORT_DAYS) || s.charAt(7) != ' '
                || s.charAt(10) != ' ' || s.charAt(19) != ' ') {
            return Optional.empty();
        }
        int month = month(s.substring(4, 7));
        int day = s.charAt(8) == ' ' ? digits(s, 9, 1) : digits(s, 8, 2);
        int year = digits(s, 20, 4);
        return at(year, month, day, s, 11);
    }

    /** Reads "HH:mm:ss" at {@code timeAt} and combines it with the date. */
    private static Optional<Instant> at(int year, int month, int day, String s, int timeAt) {
        if (s.charAt(timeAt + 2) != ':' || s.charAt(timeAt + 5) != ':') {
            return Optional.empty();
        }
        int hour = digits(s, timeAt, 2);
        int minute = digits(s, timeAt + 3, 2);
        int second = digits(s, timeAt + 6, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || second > 60) {
            return Optional.empty();
        }
        LocalDateTime t = LocalDateTime.of(year, month, day, hour, minute, Math.min(second, 59));
        return Optional.of(ZonedDateTime.of(t, ZoneOffset.UTC).toInstant());
    }

    /** The non-negative number made of exactly {@code count} ASCII digits at {@code from}, or -1. */
    private static int digits(String s, int from, int count) {
        int n = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static int month(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (int i = 0; i < MONTHS.length; i++) {
            if (MONTHS[i].equals(lower)) {
                return i + 1;
            }
        }
        return -1;
    }

    private static boolean isDay(String name, String[] names) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (String n : names) {
            if (n.equals(lower)) {
                return true;
            }
        }
        return false;
    }
}
