package org.edgecache.policy;

import java.util.Objects;
import org.edgecache.http.HttpFields;

/** The client request as the policy sees it: method and header fields. */
public record RequestView(String method, HttpFields headers) {
    public RequestView {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(headers, "headers");
    }

    public static RequestView get(HttpFields headers) {
        return new RequestView("GET", headers);
    }
}
