package org.edgecache.web;

import jakarta.servlet.http.HttpServletRequest;

import org.edgecache.http.HttpFields;

/**
 * Hooks through which a filter above the cache changes the origin leg of a request. They are request attributes,
 * because one request object flows down the whole chain: a header a filter hides from the cache is hidden from
 * {@link OriginProxyServlet} too, and the servlet's response head reaches the cache before it reaches the filter.
 * cache_range_requests ({@link RangeCacheKeyFilter}) is their user.
 *
 * <ul>
 * <li>{@link #REQUEST_HEADERS}: {@link HttpFields} the servlet sets on the origin request after copying the
 * client's headers; each replaces every client field of the same name.</li>
 * <li>{@link #RESPONSE_ADAPTER}: a {@link ResponseAdapter} the servlet applies to the origin's status and
 * (end-to-end) header fields before it writes them, so the cache and the client see the adapted head. The body is
 * relayed untouched.</li>
 * <li>{@link #NO_STORE}: {@link Boolean#TRUE} when the cache must not store the answer to this request as a new
 * object; it may still refresh a stored object with a 304. Usually set by a response adapter.</li>
 * </ul>
 */
public final class OriginLeg {
    public static final String REQUEST_HEADERS = "org.edgecache.origin.request-headers";
    public static final String RESPONSE_ADAPTER = "org.edgecache.origin.response-adapter";
    public static final String NO_STORE = "org.edgecache.origin.no-store";

    /** The origin's response head: status and end-to-end fields (no hop-by-hop fields, no Content-Length). */
    public record ResponseHead(int status, HttpFields headers) {
    }

    /** Adapts the origin's response head; called once per origin response, on the thread relaying it. */
    public interface ResponseAdapter {
        ResponseHead adapt(ResponseHead origin);
    }

    private OriginLeg() {
    }

    static HttpFields requestHeaders(HttpServletRequest request) {
        return request.getAttribute(REQUEST_HEADERS) instanceof HttpFields f ? f : HttpFields.EMPTY;
    }

    static ResponseAdapter responseAdapter(HttpServletRequest request) {
        return request.getAttribute(RESPONSE_ADAPTER) instanceof ResponseAdapter a ? a : null;
    }

    static boolean noStore(HttpServletRequest request) {
        return Boolean.TRUE.equals(request.getAttribute(NO_STORE));
    }
}
