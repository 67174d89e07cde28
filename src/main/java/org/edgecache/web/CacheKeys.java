package org.edgecache.web;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The cache key of a request: the request-target's path and query byte for byte, or the key a filter above the
 * cache set in the request attribute {@link #ATTRIBUTE} (e.g. cache_range_requests). The client's Host is not part
 * of it: one edgecache deployment fronts its configured origins whatever name clients use for it.
 */
public final class CacheKeys {
    /** A request attribute holding a String key that replaces the default one. */
    public static final String ATTRIBUTE = "org.edgecache.cache.key";

    private CacheKeys() {
    }

    public static String of(HttpServletRequest request) {
        Object set = request.getAttribute(ATTRIBUTE);
        if (set instanceof String s) {
            return s;
        }
        String q = request.getQueryString();
        return q == null ? request.getRequestURI() : request.getRequestURI() + "?" + q;
    }

    /** The request's effective URI as an absolute http(s) URI string (RFC 9110 §7.1), for same-origin checks. */
    static String effectiveUri(HttpServletRequest request) {
        String host = request.getHeader("Host");
        String authority = host != null ? host : request.getServerName() + ":" + request.getServerPort();
        String q = request.getQueryString();
        return request.getScheme() + "://" + authority + request.getRequestURI() + (q == null ? "" : "?" + q);
    }

    /** The key of an absolute same-origin URI (its raw path and query); null if it has no path. */
    static String ofUri(String absoluteUri) {
        try {
            URI u = new URI(absoluteUri);
            String path = u.getRawPath();
            if (path == null || path.isEmpty()) {
                path = "/";
            }
            return u.getRawQuery() == null ? path : path + "?" + u.getRawQuery();
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }
}
