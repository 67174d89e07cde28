package org.edgecache.policy;

/**
 * What the cache did with one client transaction, as the access log and the TCP log-code statistics need it. The
 * web layer records the last of these it reached (a hit whose stored body turned out incomplete becomes a miss).
 */
public enum CacheResult {
    /** Served from the store, fresh (or served and revalidated behind the client's back). */
    HIT_FRESH,
    /** Served while another request was storing it (read-while-writer). */
    HIT_READ_WHILE_WRITER,
    /** Stale; the origin answered the conditional request with 304 and the stored copy was served. */
    REFRESH_HIT,
    /** Stale; the origin failed or answered with an error, and the stale copy was served (stale-if-error). */
    REFRESH_FAIL_HIT,
    /** Stale; the origin answered the conditional request with something else, which was relayed. */
    REFRESH_MISS,
    /** Nothing usable stored (cold, another variant, an incomplete body, an uncacheable request): forwarded. */
    MISS,
    /** Not a cache lookup at all: PUSH, PURGE, unsafe and other methods, a bypassed request. */
    NOT_CACHED
}
