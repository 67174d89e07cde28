package org.edgecache.policy;

import java.time.Duration;
import java.time.Instant;
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
 * A missing or invalid Date counts as response_time; an invalid Age counts as 0; only the first Age
 * value is read (Age is a singleton: {@code Age: 7200, 0} reads 7200). No term is negative.
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

    /** The first Age value as a duration; zero when absent or not delta-seconds. */
    public static Duration ageValue(HttpFields responseHeaders) {
        String age = responseHeaders.get("Age");
        if (age == null) {
            return Duration.ZERO;
        }
        int comma = age.indexOf(',');
        String first = (comma < 0 ? age : age.substring(0, comma)).strip();
        long seconds = CacheControl.deltaSeconds(first);
        return seconds < 0 ? Duration.ZERO : Duration.ofSeconds(seconds);
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
