package org.edgecache.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.ToLongFunction;

import org.edgecache.store.ObjectStore;
import org.edgecache.store.StoreStats;

/**
 * The store's size as statistics: objects and bytes in the store ({@code proxy.process.cache.direntries.used},
 * {@code proxy.process.cache.bytes_used}) and, per Ehcache cache and tier,
 * {@code proxy.process.cache.tier.<cache>.<tier>.entries} and {@code ….bytes_used}. The two totals are read fresh;
 * for the tiers one snapshot of {@link ObjectStore#stats()} serves every read within a second, so a scrape asks
 * Ehcache's statistics once.
 */
final class StoreGauges {
    static final Duration MAX_AGE = Duration.ofSeconds(1);

    private final ObjectStore store;
    private final Clock clock;
    private volatile StoreStats snapshot;
    private volatile Instant taken = Instant.MIN;

    private StoreGauges(ObjectStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    static void register(ObjectStore store, Clock clock, Stats stats) {
        StoreGauges g = new StoreGauges(store, clock);
        stats.register(Stats.OBJECTS, () -> store.stats().objects());
        stats.register(Stats.BYTES_USED, () -> store.stats().bytes());
        for (StoreStats.TierStats t : g.current().tiers()) {
            String prefix = prefix(t.cache(), t.tier());
            String cache = t.cache();
            String tier = t.tier();
            stats.register(prefix + "entries", () -> g.tier(cache, tier, StoreStats.TierStats::mappings));
            if (t.occupiedBytes() >= 0) {
                stats.register(prefix + "bytes_used", () -> g.tier(cache, tier, StoreStats.TierStats::occupiedBytes));
            }
        }
    }

    /** {@code proxy.process.cache.tier.<cache>.<tier>.}, e.g. {@code proxy.process.cache.tier.chunks.offheap.}. */
    static String prefix(String cache, String tier) {
        return "proxy.process.cache.tier." + cache.replace('-', '_') + "." + tier.toLowerCase(Locale.ROOT) + ".";
    }

    private StoreStats current() {
        Instant now = clock.instant();
        StoreStats s = snapshot;
        if (s == null || Duration.between(taken, now).compareTo(MAX_AGE) >= 0 || now.isBefore(taken)) {
            s = store.stats();
            snapshot = s;
            taken = now;
        }
        return s;
    }

    private long tier(String cache, String tier, ToLongFunction<StoreStats.TierStats> value) {
        for (StoreStats.TierStats t : current().tiers()) {
            if (t.cache().equals(cache) && t.tier().equals(tier)) {
                return Math.max(0, value.applyAsLong(t));
            }
        }
        return 0;
    }
}
