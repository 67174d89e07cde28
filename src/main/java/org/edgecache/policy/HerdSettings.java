package org.edgecache.policy;

import java.time.Duration;

/**
 * The knobs against the thundering herd (seed 003 "Reducing Origin Server Requests"), with the seed's defaults.
 *
 * @param readWhileWriter             {@code proxy.config.cache.enable_read_while_writer}: 0 off (the seed's default),
 *                                    1 readers stream an object while it is being stored, 2 as 1 but Range requests
 *                                    do not wait for it
 * @param backgroundFillActiveTimeout {@code proxy.config.http.background_fill_active_timeout}: how long a fill may go on
 *                                    after its client left; zero = no limit
 * @param backgroundFillThreshold     {@code proxy.config.http.background_fill_completed_threshold}: the share of the
 *                                    body the client must have had for the fill to go on after it left; 0.0 = always
 * @param maxDocSize                  {@code proxy.config.cache.max_doc_size}: the largest body stored, in bytes; 0 = any
 * @param maxOpenReadRetries          {@code proxy.config.http.cache.max_open_read_retries}: how many times a request
 *                                    that finds the object being fetched looks again before going to the origin; -1 off
 * @param openReadRetryTime           {@code proxy.config.http.cache.open_read_retry_time}: the wait between those looks
 * @param fuzzTime                    {@code proxy.config.http.cache.fuzz.time}: how long before an object goes stale
 *                                    requests start to roll the revalidation dice
 * @param fuzzMinTime                 {@code proxy.config.http.cache.fuzz.min_time}: the window for objects whose
 *                                    lifetime is short; 0 = always {@code fuzzTime}
 * @param fuzzProbability             {@code proxy.config.http.cache.fuzz.probability}: the chance per request in the
 *                                    window; 0 = fuzzy revalidation off (the seed's default)
 */
public record HerdSettings(int readWhileWriter, Duration backgroundFillActiveTimeout, double backgroundFillThreshold,
        long maxDocSize, int maxOpenReadRetries, Duration openReadRetryTime, Duration fuzzTime, Duration fuzzMinTime,
        double fuzzProbability) {

    public static HerdSettings defaults() {
        return new HerdSettings(0, Duration.ZERO, 0.0, 0, -1, Duration.ofMillis(10), Duration.ofSeconds(240),
                Duration.ZERO, 0.0);
    }

    /**
     * Fuzzy revalidation (seed 003): whether this request, finding a fresh object with {@code remaining} freshness
     * of {@code lifetime}, should have it revalidated now (in the background), given a uniform {@code draw} in
     * [0, 1). The window is {@code fuzz.time}; with {@code fuzz.min_time} set, objects with shorter lifetimes get a
     * shorter window: half their lifetime, but not below {@code fuzz.min_time}. The window never exceeds the lifetime.
     */
    public boolean revalidateEarly(Duration remaining, Duration lifetime, double draw) {
        if (fuzzProbability <= 0 || remaining.isNegative() || remaining.isZero()) {
            return false;
        }
        Duration window = fuzzTime;
        if (!fuzzMinTime.isZero()) {
            Duration half = lifetime.dividedBy(2);
            window = half.compareTo(fuzzTime) >= 0 ? fuzzTime : (half.compareTo(fuzzMinTime) < 0 ? fuzzMinTime : half);
        }
        if (window.compareTo(lifetime) > 0) {
            window = lifetime;
        }
        return remaining.compareTo(window) <= 0 && draw < fuzzProbability;
    }

    public boolean readWhileWriterOn() {
        return readWhileWriter > 0;
    }

    /** Whether a body of this announced length (-1 unknown) may be stored at all. */
    public boolean allowsDocSize(long length) {
        return maxDocSize <= 0 || length <= maxDocSize;
    }

    /**
     * Whether to go on fetching into the store after the client went away, having sent it {@code sent} bytes of
     * {@code contentLength} (-1 unknown): ATS's rule, always when the threshold is (nearly) zero.
     */
    public boolean continueFillAfterClientLeft(long sent, long contentLength) {
        if (backgroundFillThreshold <= 0.001) {
            return true;
        }
        return contentLength > 0 && (double) sent / contentLength > backgroundFillThreshold;
    }
}
