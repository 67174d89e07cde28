package org.edgecache.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * The client request as the cache sees it under cache_range_requests: without {@code Range}, so the cache looks
 * up, stores and serves the range object as a whole (a plain GET on the range key) and never slices it again. The
 * origin gets the Range back through {@link OriginLeg#REQUEST_HEADERS}.
 */
final class RangeHidingRequest extends HttpServletRequestWrapper {
    private static final String RANGE = "Range";

    RangeHidingRequest(HttpServletRequest clientRequest) {
        super(clientRequest);
    }

    @Override
    public String getHeader(String name) {
        return RANGE.equalsIgnoreCase(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return RANGE.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        List<String> names = new ArrayList<>();
        for (String n : Collections.list(super.getHeaderNames())) {
            if (!RANGE.equalsIgnoreCase(n)) {
                names.add(n);
            }
        }
        return Collections.enumeration(names);
    }

    @Override
    public long getDateHeader(String name) {
        return RANGE.equalsIgnoreCase(name) ? -1 : super.getDateHeader(name);
    }

    @Override
    public int getIntHeader(String name) {
        return RANGE.equalsIgnoreCase(name) ? -1 : super.getIntHeader(name);
    }
}
