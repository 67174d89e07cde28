package org.edgecache.store;

import java.util.List;

/**
 * A snapshot of the store's counters. {@code keys}, {@code objects} and {@code bytes} are maintained
 * incrementally (recounted when the store opens) and may drift slightly under concurrent eviction; the rest are
 * event counts since the store was opened.
 *
 * @param keys           cache keys with at least one committed alternate
 * @param objects        committed alternates (heads)
 * @param bytes          sum of the body lengths of the committed alternates
 * @param writesStarted  {@link ObjectStore#begin} calls
 * @param commits        successful commits
 * @param aborts         aborted writes, including commits refused for a wrong length or an evicted chunk
 * @param removes        alternates removed through {@link ObjectStore#remove}
 * @param replaced       alternates displaced by a commit (same variant, or beyond maxAlternates)
 * @param evicted        alternates whose head entry Ehcache evicted
 * @param headUpdates    successful {@link ObjectStore#updateHead} calls
 * @param readErrors     reads that ended with a missing or corrupt chunk
 * @param corruptHeads   head entries found corrupt and removed
 * @param pinnedObjects  alternates in the pinned pool
 * @param pinnedBytes    room the pinned pool's chunks take (whole chunks)
 * @param pinsRefused    pins stored as ordinary objects because the pinned pool was full
 * @param pinsEnded      pinned objects moved to the ordinary caches when their pin ended
 * @param tiers          Ehcache's own per-tier numbers for every cache
 */
public record StoreStats(
        long keys,
        long objects,
        long bytes,
        long writesStarted,
        long commits,
        long aborts,
        long removes,
        long replaced,
        long evicted,
        long headUpdates,
        long readErrors,
        long corruptHeads,
        long pinnedObjects,
        long pinnedBytes,
        long pinsRefused,
        long pinsEnded,
        List<TierStats> tiers) {

    public StoreStats {
        tiers = List.copyOf(tiers);
    }

    /**
     * Ehcache's statistics for one tier of one cache.
     *
     * @param cache          "heads", "chunks", "pinned-heads" or "pinned-chunks"
     * @param tier           Ehcache's tier name: "OnHeap", "OffHeap" or "Disk"
     * @param mappings       entries in the tier
     * @param occupiedBytes  bytes used (-1 where Ehcache cannot tell, e.g. an entry-sized heap)
     * @param allocatedBytes bytes reserved (-1 where Ehcache cannot tell)
     */
    public record TierStats(String cache, String tier, long mappings, long occupiedBytes, long allocatedBytes,
            long hits, long misses, long evictions) {
    }
}
