package org.edgecache.policy;

import java.time.Instant;
import java.util.Optional;

import org.edgecache.http.HttpDates;
import org.edgecache.http.HttpFields;

/**
 * cache_range_requests' {@code X-Crr-Ims} rule (seed 001 "X-CRR-IMS header support"; ATS behaviour §2.8, ATS 9.2 to
 * 10.1): a fresh stored object whose {@code Date} is older than the header's date is treated as stale, so that it
 * is revalidated. An absent, unparseable or epoch date is ignored; a stored object without a usable {@code Date}
 * counts as dated at the epoch.
 */
public final class CrrIms {
    private CrrIms() {
    }

    /** Whether the header value marks a fresh object with these stored response fields stale. */
    public static boolean marksStale(String imsFieldValue, HttpFields storedResponseHeaders) {
        Optional<Instant> ims = imsFieldValue == null ? Optional.empty() : HttpDates.parse(imsFieldValue.trim());
        if (ims.isEmpty() || !ims.get().isAfter(Instant.EPOCH)) {
            return false;
        }
        String date = storedResponseHeaders.get("Date");
        Instant stored = date == null ? Instant.EPOCH : HttpDates.parse(date.trim()).orElse(Instant.EPOCH);
        return stored.isBefore(ims.get());
    }
}
