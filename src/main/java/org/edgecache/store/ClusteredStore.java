package org.edgecache.store;

/** What {@link ClusterFallbackStore} needs of the clustered store beyond {@link ObjectStore}. */
interface ClusteredStore extends ObjectStore {
    /** An operation on every clustered cache; a failure is reported as any other (see the implementation). */
    void probeCluster();

    /** Removes every object (when too many keys were removed during an outage to remove them one by one). */
    void clear();
}
