package org.edgecache.policy;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

import org.edgecache.http.HttpFields;

/**
 * One line of ATS's {@code update.config}: a URL to load into the cache at scheduled times.
 *
 * @param url            the absolute http(s) URL to GET
 * @param requestHeaders header fields sent with each GET of this entry (and of the pages found from it)
 * @param offsetHour     the local hour (0-23) the day's updates start at
 * @param interval       the time between updates from the offset hour on (1 s to 24 h)
 * @param depth          how many links deep to follow from the URL's HTML page (0: the URL only)
 * @param line           the line of the file it came from
 */
public record UpdateEntry(URI url, HttpFields requestHeaders, int offsetHour, Duration interval, int depth, int line) {
    public UpdateEntry {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(requestHeaders, "requestHeaders");
        Objects.requireNonNull(interval, "interval");
        if (offsetHour < 0 || offsetHour > 23) {
            throw new IllegalArgumentException("offset hour " + offsetHour + " is outside 0..23");
        }
        if (interval.isNegative() || interval.isZero() || interval.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("interval " + interval + " is outside 1 s..24 h");
        }
        if (depth < 0) {
            throw new IllegalArgumentException("depth " + depth + " is negative");
        }
    }
}
