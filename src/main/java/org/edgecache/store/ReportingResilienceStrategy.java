package org.edgecache.store;

import java.util.Objects;

import org.ehcache.impl.internal.resilience.RobustResilienceStrategy;
import org.ehcache.spi.resilience.RecoveryStore;
import org.ehcache.spi.resilience.StoreAccessException;

/**
 * Ehcache's default answer to a failed store operation (a read is a miss, a write is not done, the key is removed from
 * the local tiers), that also tells {@code onFailure} that the clustered tier failed: how the store learns that the
 * Terracotta server is gone, since the cache itself never throws. Public and with a public constructor because Ehcache
 * instantiates it (the {@link RecoveryStore} argument is its own, appended to ours).
 */
public final class ReportingResilienceStrategy<K, V> extends RobustResilienceStrategy<K, V> {
    private final Runnable onFailure;

    public ReportingResilienceStrategy(Runnable onFailure, RecoveryStore<K> store) {
        super(store);
        this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
    }

    @Override
    protected void cleanup(StoreAccessException from) {
        onFailure.run();
        super.cleanup(from);
    }

    @Override
    protected void cleanup(Iterable<? extends K> keys, StoreAccessException from) {
        onFailure.run();
        super.cleanup(keys, from);
    }

    @Override
    protected void cleanup(K key, StoreAccessException from) {
        onFailure.run();
        super.cleanup(key, from);
    }
}
