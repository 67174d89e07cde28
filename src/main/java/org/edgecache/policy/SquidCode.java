package org.edgecache.policy;

import java.util.Locale;

/**
 * ATS's cache result codes, the {@code crc} field of the squid access log (e.g. {@code TCP_HIT/200}), and the one
 * decision that picks the code of a transaction.
 */
public enum SquidCode {
    /** A fresh copy was served from the store. */
    TCP_HIT,
    /** A fresh copy was served from the memory cache. edgecache cannot tell Ehcache's tiers apart: never logged. */
    TCP_MEM_HIT,
    /** Nothing usable was stored: the origin was asked. */
    TCP_MISS,
    /** A stale copy was revalidated with a 304 and served. */
    TCP_REFRESH_HIT,
    /** A stale copy was revalidated, and the origin's new answer relayed. */
    TCP_REFRESH_MISS,
    /** A stale copy was served because the origin failed (stale-if-error, max_stale_age). */
    TCP_REF_FAIL_HIT,
    /** The client's no-cache made the cache go to the origin. */
    TCP_CLIENT_REFRESH,
    /** A conditional client request answered from a fresh stored copy. */
    TCP_IMS_HIT,
    /** A conditional client request that went to the origin. */
    TCP_IMS_MISS,
    /** The client went away before the response was complete. */
    ERR_CLIENT_ABORT,
    /** The origin could not be reached, or was not asked (congestion control, connection limits). */
    ERR_CONNECT_FAIL,
    /** The origin did not connect or answer in time. */
    ERR_READ_TIMEOUT,
    /** Any other failure (an invalid origin response, a body broken off). */
    ERR_UNKNOWN;

    private final String statPrefix = "proxy.process.http." + name().toLowerCase(Locale.ROOT) + "_";

    /** ATS's statistic family of the code: {@code proxy.process.http.tcp_hit_} + {@code count}, … */
    public String statPrefix() {
        return statPrefix;
    }

    /**
     * The code of a transaction. A stored copy that was served wins over an origin failure (that is what
     * {@link #TCP_REF_FAIL_HIT} is); a client abort wins over everything; the client's no-cache over the other
     * misses; a conditional client request makes a fresh hit {@link #TCP_IMS_HIT} and a miss {@link #TCP_IMS_MISS}.
     *
     * @param result            what the cache did
     * @param error             how the transaction failed, if it did
     * @param clientNoCache     the client's no-cache (or Pragma: no-cache) sent the request to the origin
     * @param clientConditional the client's request carried If-Modified-Since or If-None-Match
     */
    public static SquidCode of(CacheResult result, TransactionError error, boolean clientNoCache,
            boolean clientConditional) {
        if (error == TransactionError.CLIENT_ABORT) {
            return ERR_CLIENT_ABORT;
        }
        switch (result) {
            case HIT_FRESH, HIT_READ_WHILE_WRITER -> {
                return clientConditional ? TCP_IMS_HIT : TCP_HIT;
            }
            case REFRESH_FAIL_HIT -> {
                return TCP_REF_FAIL_HIT;
            }
            default -> {
            }
        }
        switch (error) {
            case ORIGIN_UNREACHABLE, ORIGIN_REFUSED -> {
                return ERR_CONNECT_FAIL;
            }
            case ORIGIN_TIMEOUT -> {
                return ERR_READ_TIMEOUT;
            }
            case ORIGIN_BAD_RESPONSE -> {
                return ERR_UNKNOWN;
            }
            default -> {
            }
        }
        if (clientNoCache && result != CacheResult.NOT_CACHED) {
            return TCP_CLIENT_REFRESH;
        }
        return switch (result) {
            case REFRESH_HIT -> TCP_REFRESH_HIT;
            case REFRESH_MISS -> clientConditional ? TCP_IMS_MISS : TCP_REFRESH_MISS;
            case MISS -> clientConditional ? TCP_IMS_MISS : TCP_MISS;
            default -> TCP_MISS;
        };
    }
}
