package org.edgecache.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.edgecache.http.HttpFields;

/**
 * The client request as the origin should see it: some headers hidden (the client's own conditionals and Range
 * during a revalidation or fill), others added (the stored object's validators). The method may be changed too
 * (a HEAD miss is fetched as a GET so the object can be stored).
 */
final class OriginRequestView extends HttpServletRequestWrapper {
    private final Set<String> hidden;
    private final HttpFields added;
    private final String method;

    OriginRequestView(HttpServletRequest clientRequest, String method, Set<String> hiddenLowerCase, HttpFields added) {
        super(clientRequest);
        this.method = method;
        this.hidden = hiddenLowerCase;
        this.added = added;
    }

    private boolean hides(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return hidden.contains(lower) || added.contains(lower);
    }

    @Override
    public String getMethod() {
        return method;
    }

    @Override
    public String getHeader(String name) {
        if (added.contains(name)) {
            return added.get(name);
        }
        return hides(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        if (added.contains(name)) {
            return Collections.enumeration(added.getAll(name));
        }
        return hides(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        List<String> names = new ArrayList<>();
        for (String n : Collections.list(super.getHeaderNames())) {
            if (!hides(n)) {
                names.add(n);
            }
        }
        for (String n : added.names()) {
            names.add(n);
        }
        return Collections.enumeration(names);
    }

    @Override
    public long getDateHeader(String name) {
        String v = getHeader(name);
        if (v == null) {
            return -1;
        }
        return org.edgecache.http.HttpDates.parse(v).map(java.time.Instant::toEpochMilli)
                .orElseThrow(() -> new IllegalArgumentException("not a date: " + v));
    }

    @Override
    public int getIntHeader(String name) {
        String v = getHeader(name);
        return v == null ? -1 : Integer.parseInt(v.trim());
    }
}
