package org.edgecache.policy;

import java.util.Optional;

/**
 * The cache key cache_range_requests gives a range request (ATS behaviour §2.3–§2.4): the effective origin URL, a
 * hyphen, and the first comma-separated value of the client's {@code Range}, byte for byte and unvalidated
 * ({@code http://origin:8080/obj-bytes=10-19}; {@code Range: foo} gives {@code …/obj-foo}). Only that first value
 * is used, for the key and for the origin request.
 */
public final class RangeCacheKey {
    private RangeCacheKey() {
    }

    /**
     * The first comma-separated value of a {@code Range} field value, trimmed; empty when the field is absent or
     * its first value is empty (then cache_range_requests leaves the request alone).
     */
    public static Optional<String> firstRange(String rangeFieldValue) {
        if (rangeFieldValue == null) {
            return Optional.empty();
        }
        int comma = rangeFieldValue.indexOf(',');
        String first = (comma < 0 ? rangeFieldValue : rangeFieldValue.substring(0, comma)).trim();
        return first.isEmpty() ? Optional.empty() : Optional.of(first);
    }

    /** {@code <effectiveUrl>-<firstRange>}, ATS's exact format. */
    public static String of(String effectiveUrl, String firstRange) {
        return effectiveUrl + "-" + firstRange;
    }
}
