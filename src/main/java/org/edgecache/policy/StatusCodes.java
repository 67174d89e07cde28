package org.edgecache.policy;

import java.util.Set;

/** What the cache knows about response status codes (RFC 9110 §15, RFC 9111 §3 and §4.2.2). */
public final class StatusCodes {

    /** Heuristically cacheable by default (RFC 9110 §15.1). */
    private static final Set<Integer> HEURISTIC = Set.of(200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501);

    /**
     * The final status codes whose caching rules this cache implements: those RFC 9110 defines, except
     * 206 (partial content is never stored under the plain key) and 304 (a validation answer, never
     * stored on its own).
     */
    private static final Set<Integer> UNDERSTOOD = Set.of(
            200, 201, 202, 203, 204, 205,
            300, 301, 302, 303, 305, 307, 308,
            400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417,
            421, 422, 426,
            500, 501, 502, 503, 504, 505);

    private StatusCodes() {
    }

    public static boolean isHeuristicallyCacheable(int status) {
        return HEURISTIC.contains(status);
    }

    public static boolean isUnderstood(int status) {
        return UNDERSTOOD.contains(status);
    }

    /** A final (non-1xx) status in the valid three-digit range. */
    public static boolean isFinal(int status) {
        return status >= 200 && status <= 599;
    }
}
