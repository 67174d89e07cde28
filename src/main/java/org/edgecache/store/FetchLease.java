package org.edgecache.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One node's claim to fetch a cache key from the origin, as it is stored in the clustered tier: who holds it and
 * until when. A lease that has run out no longer holds (its node crashed, or its fetch is taking longer than the
 * lease), so another node may take it over. Times are wall-clock milliseconds: the nodes' clocks are assumed to agree
 * to well within a lease (NTP).
 *
 * @param owner         the holding node's id (letters, digits, '-', '_'; no spaces)
 * @param expiresMillis epoch milliseconds at which the lease ends
 */
public record FetchLease(String owner, long expiresMillis) {
    public FetchLease {
        Objects.requireNonNull(owner, "owner");
        if (owner.isEmpty() || owner.indexOf(' ') >= 0) {
            throw new IllegalArgumentException("a lease owner is one non-empty word: \"" + owner + "\"");
        }
    }

    /** Whether the lease has run out at {@code now}. */
    public boolean expired(Instant now) {
        return now.toEpochMilli() >= expiresMillis;
    }

    /** The value stored in the leases cache. */
    public String encode() {
        return owner + ' ' + expiresMillis;
    }

    /** A stored value read back; null when it is not a lease (which then counts as run out). */
    public static FetchLease decode(String value) {
        if (value == null) {
            return null;
        }
        int space = value.indexOf(' ');
        if (space < 1 || space != value.lastIndexOf(' ')) {
            return null;
        }
        try {
            return new FetchLease(value.substring(0, space), Long.parseLong(value.substring(space + 1)));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
