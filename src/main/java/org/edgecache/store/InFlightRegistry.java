package org.edgecache.store;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The origin fetches in progress, one per cache key: the first request for a key that must go to the origin claims
 * it (the leader); later ones find the leader's {@link InFlightFill} and may wait on it or read what it stores.
 */
public final class InFlightRegistry {
    /** The result of a claim: the fill, and whether this caller leads it. */
    public record Claim(InFlightFill fill, boolean leader) {
    }

    private final ConcurrentMap<String, InFlightFill> fills = new ConcurrentHashMap<>();

    /** Claims the key: a new fill led by the caller, or the one already in progress (the caller follows it). */
    public Claim claim(String key) {
        InFlightFill mine = new InFlightFill(key);
        InFlightFill existing = fills.putIfAbsent(key, mine);
        if (existing == null) {
            return new Claim(mine, true);
        }
        existing.follow();
        return new Claim(existing, false);
    }

    /** The fill in progress for the key, or null. */
    public InFlightFill get(String key) {
        return fills.get(key);
    }

    /** Ends the leader's claim: the fill is finished as FAILED unless it already has an outcome, and forgotten. */
    public void release(InFlightFill fill) {
        fill.finish(InFlightFill.State.FAILED);
        fills.remove(fill.key(), fill);
    }

    /** The fetches in progress now, for the cache inspector. */
    public java.util.List<InFlightFill> snapshot() {
        return java.util.List.copyOf(fills.values());
    }

    /** Fetches in progress, for statistics and leak checks. */
    public int size() {
        return fills.size();
    }
}
