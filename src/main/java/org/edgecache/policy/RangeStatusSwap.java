package org.edgecache.policy;

import java.util.function.BooleanSupplier;

/**
 * cache_range_requests' 206 ↔ 200 table (ATS behaviour §2.6): what becomes of the origin's answer to a range
 * request before the cache sees it, and which status the client gets.
 */
public final class RangeStatusSwap {

    /** The origin leg: what the cache sees instead of the origin's status, and whether it may store it. */
    public enum OriginVerdict {
        /** 206: shown to the cache as a 200, so that it is stored under the range key. */
        SWAPPED_TO_200(200, true),
        /** 206 with {@code verify-cacheability}, and the cache's policy would not store it as a 200: stays 206. */
        KEPT_206_NOT_CACHEABLE(206, false),
        /** 200 without {@code cache-complete-responses}: passed on as it is and not stored. */
        COMPLETE_NOT_STORED(200, false),
        /** 200 with {@code cache-complete-responses}: stored under the range key if the cache's policy allows. */
        COMPLETE_STORED(200, true),
        /** 304 (a revalidation's answer, or one to the client's own conditional): the cache handles it as usual. */
        NOT_MODIFIED(304, true),
        /** Anything else (416, 404, 5xx, 3xx, …): passed on as it is, never stored under the range key. */
        PASSED_NOT_STORED(-1, false);

        private final int status;
        private final boolean mayStore;

        OriginVerdict(int status, boolean mayStore) {
            this.status = status;
            this.mayStore = mayStore;
        }

        /** The status the cache sees: for {@link #PASSED_NOT_STORED} the origin's own. */
        public int status(int originStatus) {
            return status < 0 ? originStatus : status;
        }

        /** False when the cache must not store this answer (it may still refresh a stored object with a 304). */
        public boolean mayStore() {
            return mayStore;
        }
    }

    private RangeStatusSwap() {
    }

    /**
     * @param originStatus           the origin's status
     * @param verifyCacheability     the {@code verify-cacheability} option ({@code -v})
     * @param cacheCompleteResponses the {@code cache-complete-responses} option ({@code -r})
     * @param storableAs200          whether the cache's own policy would store the response as a 200; asked only
     *                               for a 206 under {@code verify-cacheability}
     */
    public static OriginVerdict onOriginResponse(int originStatus, boolean verifyCacheability,
            boolean cacheCompleteResponses, BooleanSupplier storableAs200) {
        return switch (originStatus) {
            case 206 -> !verifyCacheability || storableAs200.getAsBoolean()
                    ? OriginVerdict.SWAPPED_TO_200 : OriginVerdict.KEPT_206_NOT_CACHEABLE;
            case 200 -> cacheCompleteResponses ? OriginVerdict.COMPLETE_STORED : OriginVerdict.COMPLETE_NOT_STORED;
            case 304 -> OriginVerdict.NOT_MODIFIED;
            default -> OriginVerdict.PASSED_NOT_STORED;
        };
    }

    /**
     * The client leg: a 200 becomes a 206 when the origin's 206 was swapped, or when it comes from a stored range
     * object (it carries {@code Content-Range}) and the origin did not just answer the range request with a full
     * 200. Every other status passes untouched.
     *
     * @param status          the status the cache answers with
     * @param origin          what the origin leg decided, or null when the origin was not asked
     * @param hasContentRange whether the cache's answer carries {@code Content-Range}
     */
    public static int clientStatus(int status, OriginVerdict origin, boolean hasContentRange) {
        if (status != 200) {
            return status;
        }
        if (origin == OriginVerdict.SWAPPED_TO_200) {
            return 206;
        }
        if (origin == OriginVerdict.COMPLETE_NOT_STORED || origin == OriginVerdict.COMPLETE_STORED) {
            return 200;
        }
        return hasContentRange ? 206 : 200;
    }
}
