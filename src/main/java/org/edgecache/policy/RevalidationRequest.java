package org.edgecache.policy;

import java.util.ArrayList;
import java.util.List;
import org.edgecache.http.EntityTag;
import org.edgecache.http.HttpDates;
import org.edgecache.http.HttpFields;

/**
 * The validators a cache sends to revalidate stored responses (RFC 9111 §4.3.1): If-None-Match with the
 * stored entity-tags, If-Modified-Since with the stored Last-Modified, copied byte for byte (RFC 9110
 * §13.1.3 recommends the exact value).
 */
public final class RevalidationRequest {

    /** The request fields a revalidation of the cache's own copy must not forward from the client. */
    private static final List<String> CLIENT_CONDITIONALS =
            List.of("If-Match", "If-None-Match", "If-Modified-Since", "If-Unmodified-Since", "If-Range", "Range");

    private RevalidationRequest() {
    }

    /** The conditional fields for one stored response; empty if it has no usable validator. */
    public static HttpFields conditionalHeaders(HttpFields stored) {
        return conditionalHeaders(List.of(stored));
    }

    /**
     * The conditional fields for several stored variants of one URL: every valid ETag in one
     * If-None-Match, and If-Modified-Since only when there is a single variant with Last-Modified.
     */
    public static HttpFields conditionalHeaders(List<HttpFields> storedVariants) {
        List<String> tags = new ArrayList<>();
        for (HttpFields stored : storedVariants) {
            EntityTag.parse(stored.get("ETag")).map(EntityTag::toString).filter(t -> !tags.contains(t))
                    .ifPresent(tags::add);
        }
        HttpFields.Builder b = HttpFields.builder();
        if (!tags.isEmpty()) {
            b.add("If-None-Match", String.join(", ", tags));
        }
        if (storedVariants.size() == 1) {
            String lm = storedVariants.get(0).get("Last-Modified");
            if (lm != null && HttpDates.parse(lm).isPresent()) {
                b.add("If-Modified-Since", lm.strip());
            }
        }
        return b.build();
    }

    /**
     * The origin request of a revalidation: the client's fields without its own preconditions and
     * Range (the cache validates its full copy), plus the stored response's validators.
     */
    public static HttpFields originRequestHeaders(HttpFields clientRequest, HttpFields stored) {
        HttpFields.Builder b = clientRequest.toBuilder();
        for (String name : CLIENT_CONDITIONALS) {
            b.remove(name);
        }
        return b.addAll(conditionalHeaders(stored)).build();
    }
}
