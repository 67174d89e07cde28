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
 */
public record HerdSettings(int readWhileWriter, Duration backgroundFillActiveTimeout, double backgroundFillThreshold,
        long maxDocSize, int maxOpenReadRetries, Duration openReadRetryTime) {

    public static HerdSettings defaults() {
        return new HerdSettings(0, Duration.ZERO, 0.0, 0, -1, Duration.ofMillis(10));
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
