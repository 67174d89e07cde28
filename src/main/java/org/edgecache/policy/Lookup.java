package org.edgecache.policy;

import java.util.Locale;

/**
 * May this request use the cache at all (look up, and store what comes back)? Only GET and HEAD are
 * looked up (seed; ATS behaviour §5.7); nothing is when HTTP caching is off ({@code proxy.config.http.cache.http},
 * the seed's {@code proxy.config.http.enabled}) or a cache.config {@code never-cache} rule matched; and with
 * {@code cache_urls_that_look_dynamic} off, URLs that look dynamic are not, unless a cache.config
 * {@code ttl-in-cache} rule matched (seed "Caching Dynamic Content": a query, a {@code ;}, {@code cgi} anywhere
 * in the path, or a path ending in {@code .asp}; checks are case-insensitive, as in ATS).
 */
public final class Lookup {

    public enum Verdict {
        LOOKUP,
        METHOD_NOT_CACHEABLE,
        /** proxy.config.http.cache.http (proxy.config.http.enabled) is off. */
        CACHE_DISABLED,
        /** A cache.config never-cache rule matched. */
        NEVER_CACHE,
        DYNAMIC_URL;

        public boolean lookup() {
            return this == LOOKUP;
        }
    }

    private Lookup() {
    }

    /** {@code uri} is the request-target (origin form or absolute form). */
    public static Verdict decide(String method, String uri, CacheSettings s) {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return Verdict.METHOD_NOT_CACHEABLE;
        }
        if (!s.httpCacheEnabled()) {
            return Verdict.CACHE_DISABLED;
        }
        if (s.directives().neverCache()) {
            return Verdict.NEVER_CACHE;
        }
        if (!s.cacheUrlsThatLookDynamic() && !s.directives().hasTtl() && looksDynamic(uri)) {
            return Verdict.DYNAMIC_URL;
        }
        return Verdict.LOOKUP;
    }

    /** The seed's "dynamic URL" test. */
    public static boolean looksDynamic(String uri) {
        if (uri.indexOf('?') >= 0 || uri.indexOf(';') >= 0) {
            return true;
        }
        String path = path(uri).toLowerCase(Locale.ROOT);
        return path.contains("cgi") || path.endsWith(".asp");
    }

    /** The path of an origin-form or absolute-form target (without query or fragment). */
    private static String path(String uri) {
        String s = uri;
        int hash = s.indexOf('#');
        if (hash >= 0) {
            s = s.substring(0, hash);
        }
        int scheme = s.indexOf("://");
        if (scheme >= 0 && s.indexOf('/') > scheme) {
            int slash = s.indexOf('/', scheme + 3);
            s = slash < 0 ? "/" : s.substring(slash);
        }
        return s;
    }
}
