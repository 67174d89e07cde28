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
 * <li>{@link #RESPONSE_OBSERVER}: a {@link ResponseObserver} the servlet shows the origin's own head (before any
 * adapter) and announced Content-Length; it changes nothing. background_fetch ({@link BackgroundFetchFilter})
 * uses it.</li>
 * </ul>
 */
public final class OriginLeg {
    public static final String REQUEST_HEADERS = "org.edgecache.origin.request-headers";
    public static final String RESPONSE_ADAPTER = "org.edgecache.origin.response-adapter";
    public static final String NO_STORE = "org.edgecache.origin.no-store";
    public static final String RESPONSE_OBSERVER = "org.edgecache.origin.response-observer";

    /** The origin's response head: status and end-to-end fields (no hop-by-hop fields, no Content-Length). */
    public record ResponseHead(int status, HttpFields headers) {
    }

    /** Adapts the origin's response head; called once per origin response, on the thread relaying it. */
    public interface ResponseAdapter {
        ResponseHead adapt(ResponseHead origin);
    }

    /** Sees the origin's response head as it arrived; called once per origin response, on the relaying thread. */
    public interface ResponseObserver {
        /** @param contentLength the origin's Content-Length, -1 when it announced none */
        void observe(ResponseHead origin, long contentLength);
    }

    private OriginLeg() {
    }

    /** Shows the head to the request's observer, if any; an observer's failure never reaches the exchange. */
    static void observe(HttpServletRequest request, ResponseHead head, String contentLength) {
        if (request.getAttribute(RESPONSE_OBSERVER) instanceof ResponseObserver o) {
            long length = -1;
            try {
                length = contentLength == null ? -1 : Long.parseLong(contentLength.trim());
            } catch (NumberFormatException e) {
                // none usable
            }
            try {
                o.observe(head, length);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(OriginLeg.class).warn("origin response observer failed", e);
            }
        }
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
