package org.edgecache.policy;

import java.time.Duration;

/**
 * The cache.config directives in effect for one request, after every matching rule was applied (ATS's
 * {@code CacheControlResult}, ATS behaviour §5.15). The action directives {@code ignore-*-no-cache} and the
 * {@code cache-responses-to-cookies} tweak become ordinary {@link CacheSettings} knobs instead.
 *
 * @param neverCache  {@code action=never-cache}: neither looked up nor stored (a ttl-in-cache cancels it)
 * @param ttlInCache  {@code ttl-in-cache}: stored whatever Cache-Control says, fresh while it has been in the
 *                    cache no longer than this; null for none
 * @param revalidate  {@code revalidate}: replaces the freshness lifetime; null for none
 * @param pinInCache  {@code pin-in-cache}: kept in the store for this long even under eviction pressure (with
 *                    {@code proxy.config.cache.permit.pinning}); null for none
 */
public record CacheDirectives(boolean neverCache, Duration ttlInCache, Duration revalidate, Duration pinInCache) {

    public static final CacheDirectives NONE = new CacheDirectives(false, null, null, null);

    public CacheDirectives {
        if (ttlInCache != null && (ttlInCache.isNegative() || ttlInCache.isZero())) {
            ttlInCache = null;
        }
        if (revalidate != null && revalidate.isNegative()) {
            throw new IllegalArgumentException("revalidate must be >= 0: " + revalidate);
        }
        if (pinInCache != null && (pinInCache.isNegative() || pinInCache.isZero())) {
            pinInCache = null;
        }
        if (ttlInCache != null) {
            neverCache = false;
        }
    }

    public boolean hasTtl() {
        return ttlInCache != null;
    }
}
