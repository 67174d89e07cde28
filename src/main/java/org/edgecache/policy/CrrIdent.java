package org.edgecache.policy;

import org.edgecache.http.HttpFields;

/**
 * cache_range_requests' {@code X-Crr-Ident} rule (ATS behaviour §2.9, ATS 10.2 and later): the client (the slice
 * plugin, typically) names the identity it expects, {@code Etag <value>} or {@code Last-Modified <value>}, or says
 * {@code Stale}. The stored identity is its ETag if it has one, else its Last-Modified. A fresh object whose
 * identity differs becomes stale; a stale one whose identity matches becomes fresh, so the origin is not asked.
 * Prefixes and values compare exactly (case-sensitive, quotes included); anything else is ignored, and only stored
 * 200s are considered.
 */
public final class CrrIdent {
    /** What the header does to the cache's verdict. */
    public enum Outcome { KEEP, MARK_STALE, MARK_FRESH }

    private static final String ETAG = "Etag";
    private static final String LAST_MODIFIED = "Last-Modified";

    private CrrIdent() {
    }

    /**
     * @param identFieldValue the request header's whole value, or null
     * @param storedStatus    the stored response's status
     * @param stored          the stored response's fields
     * @param fresh           whether the cache found it fresh (else it was going to revalidate it)
     */
    public static Outcome assess(String identFieldValue, int storedStatus, HttpFields stored, boolean fresh) {
        if (identFieldValue == null || storedStatus != 200) {
            return Outcome.KEEP;
        }
        String value = identFieldValue.trim();
        if (value.equals("Stale")) {
            return fresh ? Outcome.MARK_STALE : Outcome.KEEP;
        }
        String tag;
        String expected;
        if (value.startsWith(ETAG + " ")) {
            tag = ETAG;
            expected = value.substring(ETAG.length() + 1);
        } else if (value.startsWith(LAST_MODIFIED + " ")) {
            tag = LAST_MODIFIED;
            expected = value.substring(LAST_MODIFIED.length() + 1);
        } else {
            return Outcome.KEEP;
        }
        String storedTag;
        String storedValue;
        if (stored.contains("ETag")) {
            storedTag = ETAG;
            storedValue = stored.get("ETag").trim();
        } else if (stored.contains("Last-Modified")) {
            storedTag = LAST_MODIFIED;
            storedValue = stored.get("Last-Modified").trim();
        } else {
            return Outcome.KEEP;
        }
        boolean matches = tag.equals(storedTag) && expected.equals(storedValue);
        if (fresh) {
            return matches ? Outcome.KEEP : Outcome.MARK_STALE;
        }
        return matches ? Outcome.MARK_FRESH : Outcome.KEEP;
    }
}
