package org.edgecache.policy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * A consistent-hash ring of parents ({@code round_robin=consistent_hash}). Each parent puts
 * {@code round(weight × 1000)} points on a 64-bit ring (at least one), at the hash of {@code "host:port-i"}; a key
 * belongs to the first point at or after its own hash, going round. The hash is 64-bit FNV-1a of the UTF-8 bytes
 * followed by MurmurHash3's 64-bit finaliser (edgecache's choice; ATS uses its own ring and hash, so a mixed
 * edgecache/ATS tier does not agree on owners).
 *
 * <p>A parent's points depend only on its own host, port and weight, and two parents that land on one point
 * settle it by their names alone; so removing a parent moves exactly the keys it owned, each to the next parent
 * round the ring, and adding one takes keys only from others.
 */
public final class ParentRing {
    /** Points per unit of weight. */
    public static final int POINTS_PER_WEIGHT = 1000;

    private final NavigableMap<Long, ParentRule.Parent> ring = new TreeMap<>();
    private final int parents;

    public ParentRing(Collection<ParentRule.Parent> parents) {
        this.parents = parents.size();
        for (ParentRule.Parent p : parents) {
            long points = Math.max(1, Math.round(p.weight() * POINTS_PER_WEIGHT));
            long prefix = fnv(FNV_OFFSET, (p.authority() + "-").getBytes(StandardCharsets.UTF_8));
            for (long i = 0; i < points; i++) {
                long h = fmix(fnv(prefix, Long.toString(i).getBytes(StandardCharsets.US_ASCII)));
                ring.merge(h, p, (a, b) -> a.authority().compareTo(b.authority()) <= 0 ? a : b);
            }
        }
    }

    /** The parent that owns the key, or null for an empty ring. */
    public ParentRule.Parent owner(String key) {
        if (ring.isEmpty()) {
            return null;
        }
        Map.Entry<Long, ParentRule.Parent> e = ring.ceilingEntry(hash(key));
        return (e == null ? ring.firstEntry() : e).getValue();
    }

    /** Every parent once, in the order met going round the ring from the key: the owner first. */
    public List<ParentRule.Parent> walk(String key) {
        Set<ParentRule.Parent> order = new LinkedHashSet<>();
        if (ring.isEmpty()) {
            return List.of();
        }
        long h = hash(key);
        for (ParentRule.Parent p : ring.tailMap(h, true).values()) {
            if (order.add(p) && order.size() == parents) {
                return new ArrayList<>(order);
            }
        }
        for (ParentRule.Parent p : ring.headMap(h, false).values()) {
            if (order.add(p) && order.size() == parents) {
                break;
            }
        }
        return new ArrayList<>(order);
    }

    /** 64-bit FNV-1a of the UTF-8 bytes, then MurmurHash3's fmix64 so that nearby inputs spread over the ring. */
    public static long hash(String s) {
        return fmix(fnv(FNV_OFFSET, s.getBytes(StandardCharsets.UTF_8)));
    }

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;

    private static long fnv(long state, byte[] bytes) {
        long h = state;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    private static long fmix(long state) {
        long h = state;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
