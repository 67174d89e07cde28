package org.edgecache.store;

/**
 * Which node leads the origin fetch of a cache key, across the nodes that share a clustered tier: a node claims the
 * key's lease before it goes to the origin, and gives it back when its fetch ends. Within one node the
 * {@link InFlightRegistry} decides; this only decides between nodes. Without a clustered tier every claim is granted.
 *
 * <p>When the clustered tier cannot be reached, claims are granted (each node then fetches for itself): a lease
 * never blocks a request because the cluster is gone.
 */
public interface FetchLeases {
    /** The single-node answer: every claim is granted, nothing is shared. */
    FetchLeases NODE_LOCAL = new FetchLeases() {
        @Override
        public FetchLease claim(String key) {
            return new FetchLease("local", Long.MAX_VALUE);
        }

        @Override
        public boolean heldElsewhere(String key) {
            return false;
        }

        @Override
        public void release(String key, FetchLease lease) {
        }
    };

    /**
     * Takes the key's lease for this node: the lease granted, or null while another node holds one that has not run
     * out. A lease of this node's own that was left behind (its release failed) is taken over.
     */
    FetchLease claim(String key);

    /** Whether another node holds a lease on the key that has not run out. */
    boolean heldElsewhere(String key);

    /** Gives a granted lease back, unless it has already been taken over. */
    void release(String key, FetchLease lease);
}
