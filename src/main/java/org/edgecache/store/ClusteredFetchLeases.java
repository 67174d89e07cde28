package org.edgecache.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.ehcache.Cache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link FetchLeases} over a cache in the clustered tier (strong consistency): a claim is a {@code putIfAbsent} of
 * this node's {@link FetchLease}, a lease that has run out is replaced with compare-and-swap, a release removes the
 * lease only if it is still ours. Ehcache's resilience strategy turns a failed call (server gone) into "absent", so
 * the claim is then granted and the node fetches for itself.
 */
final class ClusteredFetchLeases implements FetchLeases {
    private static final Logger LOG = LoggerFactory.getLogger(ClusteredFetchLeases.class);

    private final Cache<String, String> leases;
    private final String owner;
    private final Duration length;
    private final Clock clock;

    ClusteredFetchLeases(Cache<String, String> leases, String owner, Duration length, Clock clock) {
        this.leases = Objects.requireNonNull(leases, "leases");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.length = Objects.requireNonNull(length, "length");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public FetchLease claim(String key) {
        Instant now = clock.instant();
        FetchLease mine = new FetchLease(owner, now.plus(length).toEpochMilli());
        String value = mine.encode();
        try {
            for (int attempt = 0; attempt < 3; attempt++) {
                String current = leases.putIfAbsent(key, value);
                if (current == null) {
                    return mine;
                }
                FetchLease theirs = FetchLease.decode(current);
                if (theirs != null && !theirs.owner().equals(owner) && !theirs.expired(now)) {
                    return null;
                }
                // run out, left behind by this node, or not a lease: take it over
                if (leases.replace(key, current, value)) {
                    return mine;
                }
            }
            return null;
        } catch (RuntimeException e) {
            LOG.debug("claiming the fetch lease of {} failed, fetching without it: {}", key, e.toString());
            return mine;
        }
    }

    @Override
    public boolean heldElsewhere(String key) {
        try {
            FetchLease theirs = FetchLease.decode(leases.get(key));
            return theirs != null && !theirs.owner().equals(owner) && !theirs.expired(clock.instant());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void release(String key, FetchLease lease) {
        try {
            leases.remove(key, lease.encode());
        } catch (RuntimeException e) {
            LOG.debug("releasing the fetch lease of {} failed (it runs out by itself): {}", key, e.toString());
        }
    }
}
