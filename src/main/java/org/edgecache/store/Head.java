package org.edgecache.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.edgecache.http.HttpFields;

/**
 * The small, immutable part of a stored object: what is needed to decide whether and how to serve it,
 * without its body.
 *
 * <p>The body fields ({@code length}, {@code chunkSize}, {@code objectId}) are owned by the store: a head
 * passed to {@link ObjectStore#begin} or {@link ObjectStore#updateHead} may leave them unset (see
 * {@link #of}); the store fills them in on commit and keeps them on update. Heads returned by
 * {@link ObjectStore#lookup} always have them set.
 *
 * @param status         the response status stored (e.g. 200)
 * @param responseHeaders the stored response header fields
 * @param variantKey     the selecting request header values this alternate was stored for, precomputed
 *                       by the caller from {@code varyFieldNames}; "" when the response has no Vary
 * @param varyFieldNames the field names of the response's Vary header, lower-cased by the caller
 * @param requestTime    when the request that produced the response was sent (RFC 9111 §4.2.3)
 * @param responseTime   when the response was received
 * @param length         body length in bytes; -1 while unknown (before commit)
 * @param chunkSize      body bytes per chunk the body was stored with; 0 while unset
 * @param objectId       the store's id for this alternate's body; null while unset
 * @param pinnedUntil    keep-in-cache hint (ATS pin-in-cache); null for none
 */
public record Head(
        int status,
        HttpFields responseHeaders,
        String variantKey,
        List<String> varyFieldNames,
        Instant requestTime,
        Instant responseTime,
        long length,
        int chunkSize,
        String objectId,
        Instant pinnedUntil) {

    public Head {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status must be a three-digit code: " + status);
        }
        Objects.requireNonNull(responseHeaders, "responseHeaders");
        Objects.requireNonNull(variantKey, "variantKey");
        varyFieldNames = List.copyOf(Objects.requireNonNull(varyFieldNames, "varyFieldNames"));
        Objects.requireNonNull(requestTime, "requestTime");
        Objects.requireNonNull(responseTime, "responseTime");
        if (length < -1) {
            throw new IllegalArgumentException("length must be -1 (unknown) or >= 0: " + length);
        }
        if (chunkSize < 0) {
            throw new IllegalArgumentException("chunkSize must be >= 0: " + chunkSize);
        }
    }

    /** A head without the pin field (the common case). */
    public Head(int status, HttpFields responseHeaders, String variantKey, List<String> varyFieldNames,
            Instant requestTime, Instant responseTime, long length, int chunkSize, String objectId) {
        this(status, responseHeaders, variantKey, varyFieldNames, requestTime, responseTime, length, chunkSize,
                objectId, null);
    }

    /** A head for {@link ObjectStore#begin}: body fields unset, the store fills them in. */
    public static Head of(int status, HttpFields responseHeaders, String variantKey, List<String> varyFieldNames,
            Instant requestTime, Instant responseTime) {
        return new Head(status, responseHeaders, variantKey, varyFieldNames, requestTime, responseTime, -1, 0, null,
                null);
    }

    /** This head with its body fields replaced. */
    public Head withBody(String newObjectId, long newLength, int newChunkSize) {
        return new Head(status, responseHeaders, variantKey, varyFieldNames, requestTime, responseTime, newLength,
                newChunkSize, newObjectId, pinnedUntil);
    }

    public Head withResponseHeaders(HttpFields newHeaders) {
        return new Head(status, newHeaders, variantKey, varyFieldNames, requestTime, responseTime, length, chunkSize,
                objectId, pinnedUntil);
    }

    public Head withTimes(Instant newRequestTime, Instant newResponseTime) {
        return new Head(status, responseHeaders, variantKey, varyFieldNames, newRequestTime, newResponseTime, length,
                chunkSize, objectId, pinnedUntil);
    }

    public Head withPinnedUntil(Instant newPinnedUntil) {
        return new Head(status, responseHeaders, variantKey, varyFieldNames, requestTime, responseTime, length,
                chunkSize, objectId, newPinnedUntil);
    }

    /** Number of chunks the body occupies (0 for an empty body). */
    public long chunkCount() {
        if (length <= 0 || chunkSize <= 0) {
            return 0;
        }
        return (length + chunkSize - 1) / chunkSize;
    }
}
