package org.edgecache.web;

import jakarta.servlet.http.HttpServletRequest;

import org.edgecache.http.HttpFields;
import org.edgecache.policy.Suitability;

/**
 * A hook, set as the request attribute {@link #ATTRIBUTE} by a filter above the cache, that adjusts the cache's
 * verdict on the stored object it found (ATS's CACHE_LOOKUP_COMPLETE hook: cache_range_requests' X-Crr-Ims and
 * X-Crr-Ident turn a fresh hit stale or a stale one fresh).
 */
public interface LookupOverride {
    String ATTRIBUTE = "org.edgecache.cache.lookup-override";

    /** The verdict to act on, given the cache's own and the stored response's status and fields. */
    Suitability.Result adjust(Suitability.Result verdict, int storedStatus, HttpFields storedHeaders);

    /** The request's override applied to a verdict; the verdict itself when there is none. */
    static Suitability.Result apply(HttpServletRequest request, Suitability.Result verdict, int storedStatus,
            HttpFields storedHeaders) {
        return request.getAttribute(ATTRIBUTE) instanceof LookupOverride o
                ? o.adjust(verdict, storedStatus, storedHeaders) : verdict;
    }
}
