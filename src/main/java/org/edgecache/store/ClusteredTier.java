package org.edgecache.store;

import org.ehcache.clustered.client.config.builders.ClusteredResourcePoolBuilder;
import org.ehcache.clustered.client.config.builders.ClusteredStoreConfigurationBuilder;
import org.ehcache.clustered.client.config.builders.ClusteringServiceConfigurationBuilder;
import org.ehcache.clustered.client.config.builders.TimeoutsBuilder;
import org.ehcache.clustered.common.Consistency;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.MemoryUnit;
import org.ehcache.impl.config.resilience.DefaultResilienceStrategyConfiguration;

/**
 * How {@link EhcacheObjectStore}'s caches sit on a Terracotta server ({@link ClusterConfig}): one shared pool on the
 * server's off-heap resource, created by the first node that connects (and again after the server lost it, when a
 * node reconnects); every clustered cache with strong consistency, so that a write returns only after every other
 * node's local copy of the entry was invalidated (a purge on one node is a miss on the next, and a head committed
 * on one node finds its chunks on the server).
 *
 * <p>Ehcache 3 allows a clustered tier below heap, or heap and off-heap, but not with a disk tier: with a cluster the
 * store has no disk tier.
 */
final class ClusteredTier {
    /** The name of the shared pool on the server. */
    static final String POOL = "edgecache";

    private ClusteredTier() {
    }

    static ClusteringServiceConfigurationBuilder service(ClusterConfig cluster) {
        return ClusteringServiceConfigurationBuilder.cluster(cluster.uri())
                .timeouts(TimeoutsBuilder.timeouts().read(cluster.timeout()).write(cluster.timeout())
                        .connection(cluster.connectTimeout()))
                .autoCreateOnReconnect(server -> server.defaultServerResource(cluster.serverResource())
                        .resourcePool(POOL, cluster.poolBytes(), MemoryUnit.B));
    }

    /** Adds the clustered tier below the pools' local tiers. */
    static ResourcePoolsBuilder below(ResourcePoolsBuilder local) {
        return local.with(ClusteredResourcePoolBuilder.clusteredShared(POOL));
    }

    /** Ehcache's default answer to a failed operation, telling {@code onFailure} as well. */
    static DefaultResilienceStrategyConfiguration reporting(Runnable onFailure) {
        return new DefaultResilienceStrategyConfiguration(ReportingResilienceStrategy.class, onFailure);
    }

    static ClusteredStoreConfigurationBuilder strong() {
        return ClusteredStoreConfigurationBuilder.withConsistency(Consistency.STRONG);
    }
}
