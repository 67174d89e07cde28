package org.edgecache.web;

import java.util.Collections;

import jakarta.servlet.http.HttpServletRequest;

import org.edgecache.http.HttpFields;

/** A servlet request's header fields as the policy layer's value type. */
final class RequestHeaders {
    private RequestHeaders() {
    }

    static HttpFields of(HttpServletRequest request) {
        HttpFields.Builder b = HttpFields.builder();
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) {
                b.add(name, value);
            }
        }
        return b.build();
    }
}
