package org.edgecache.policy;

import java.time.Instant;
import java.util.Objects;
import org.edgecache.http.HttpFields;

/**
 * A stored response as the policy sees it: status, response header fields, the header fields of the
 * request that fetched it ({@code requestHeaders}, at least those its Vary names; null when the caller
 * has already selected the variant), and when the request was sent and the response received.
 */
public record StoredView(int status, HttpFields responseHeaders, HttpFields requestHeaders,
                         Instant requestTime, Instant responseTime) {
    public StoredView {
        Objects.requireNonNull(responseHeaders, "responseHeaders");
        Objects.requireNonNull(requestTime, "requestTime");
        Objects.requireNonNull(responseTime, "responseTime");
    }

    /** A stored response whose variant the caller has already selected (Vary not checked again). */
    public static StoredView of(int status, HttpFields responseHeaders, Instant requestTime, Instant responseTime) {
        return new StoredView(status, responseHeaders, null, requestTime, responseTime);
    }
}
