package org.edgecache.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A GET of a cache key, as the inspector's own request: what cache.config rules are matched against to find the
 * settings an object was looked up with (the key's path and query; the inspector's client, host and port).
 */
final class InspectedRequest extends HttpServletRequestWrapper {
    private final String path;
    private final String query;

    InspectedRequest(HttpServletRequest inspector, String key) {
        super(inspector);
        int q = key.indexOf('?');
        this.path = q < 0 ? key : key.substring(0, q);
        this.query = q < 0 ? null : key.substring(q + 1);
    }

    @Override
    public String getMethod() {
        return "GET";
    }

    @Override
    public String getRequestURI() {
        return path;
    }

    @Override
    public String getQueryString() {
        return query;
    }

    @Override
    public Object getAttribute(String name) {
        // neither a ConfRemapFilter's settings nor a filter's cache key of the inspector's own request apply
        return name.startsWith("org.edgecache.") ? null : super.getAttribute(name);
    }
}
