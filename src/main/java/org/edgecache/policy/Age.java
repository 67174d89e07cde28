package org.edgecache.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.edgecache.http.CacheControl;
import org.edgecache.http.HttpDates;
import org.edgecache.http.HttpFields;

/**
 * The current age of a stored response (RFC 9111 §4.2.3).
 *
 * <pre>
 * apparent_age          = max(0, response_time - date_value)
 * corrected_age_value   = age_value + (response_time - request_time)
 * corrected_initial_age = max(apparent_age, corrected_age_value)
 * current_age           = corrected_initial_age + (now - response_time)
 * </pre>
 * A missing or invalid Date counts as response_time. Age is a singleton holding delta-seconds: a response whose
 * Age is anything else (a list, two lines, a sign, a fraction, parameters, letters) cannot be trusted about its age,
 * so it is taken to be as old as anything can be ({@link CacheControl#DELTA_SECONDS_MAX}), i.e. stale, as the
 * public HTTP caching tests expect. No term is negative.
 */
public final class Age {

    private Age() {
    }

    public static Duration current(HttpFields responseHeaders, Instant requestTime, Instant responseTime, Instant now) {
        Instant date = dateValue(responseHeaders, responseTime);
        Duration apparent = nonNegative(Duration.between(date, responseTime));
        Duration delay = nonNegative(Duration.between(requestTime, responseTime));
        Duration correctedAge = ageValue(responseHeaders).plus(delay);
        Duration initial = apparent.compareTo(correctedAge) > 0 ? apparent : correctedAge;
        Duration resident = nonNegative(Duration.between(responseTime, now));
        return initial.plus(resident);
    }

    /** The Date of the response, or {@code fallback} if it has none or it is not an HTTP-date. */
    public static Instant dateValue(HttpFields responseHeaders, Instant fallback) {
        String date = responseHeaders.get("Date");
        if (date == null) {
            return fallback;
        }
        return (fallback == null ? HttpDates.parse(date) : HttpDates.parse(date, fallback)).orElse(fallback);
    }

    /**
     * The Age value as a duration: zero when absent; {@link CacheControl#DELTA_SECONDS_MAX} seconds when it is not
     * a single delta-seconds value on a single line (see {@link #isValid}).
     */
    public static Duration ageValue(HttpFields responseHeaders) {
        List<String> lines = responseHeaders.getAll("Age");
        if (lines.isEmpty()) {
            return Duration.ZERO;
        }
        if (!isValid(responseHeaders)) {
            return Duration.ofSeconds(CacheControl.DELTA_SECONDS_MAX);
        }
        return Duration.ofSeconds(CacheControl.deltaSeconds(lines.get(0).strip()));
    }

    /** True when Age is absent, or is one field line holding one delta-seconds value (RFC 9111 §5.1). */
    public static boolean isValid(HttpFields responseHeaders) {
        List<String> lines = responseHeaders.getAll("Age");
        if (lines.isEmpty()) {
            return true;
        }
        return lines.size() == 1 && CacheControl.deltaSeconds(lines.get(0).strip()) >= 0;
    }

    /** An age as the Age header value: whole seconds, capped at 2147483648 (RFC 9111 §1.2.2). */
    public static String headerValue(Duration age) {
        long s = Math.max(0, age.getSeconds());
        return Long.toString(Math.min(s, CacheControl.DELTA_SECONDS_MAX));
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
