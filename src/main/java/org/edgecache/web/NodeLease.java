package org.edgecache.web;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.edgecache.store.FetchLease;
import org.edgecache.store.FetchLeases;

/**
 * A local leader's standing among the nodes that share the store's clustered tier: whether this node holds the
 * key's fetch lease (it goes to the origin) or another node does (this node's requests may wait for that node's
 * object). The local {@link org.edgecache.store.InFlightRegistry} has already made this request the only one of
 * its node for the key.
 */
final class NodeLease {
    /** How a wait for another node's fetch ended. */
    enum Outcome {
        /** What the other node fetched is in the store: look the key up again. */
        STORED,
        /** The other node's fetch ended without storing anything (or its lease ran out): this node now leads. */
        TAKEN_OVER,
        /** The wait ran out: go to the origin without the lease. */
        TIMED_OUT
    }

    private final FetchLeases leases;
    private final String key;
    private final BooleanSupplier stored;
    private FetchLease held;

    private NodeLease(FetchLeases leases, String key, BooleanSupplier stored, FetchLease held) {
        this.leases = leases;
        this.key = key;
        this.stored = stored;
        this.held = held;
    }

    /**
     * Claims the key's lease for this node.
     *
     * @param stored whether the store now holds what a fetch of the key would bring (another node's commit)
     */
    static NodeLease claim(FetchLeases leases, String key, BooleanSupplier stored) {
        return new NodeLease(leases, key, stored, leases.claim(key));
    }

    /** Whether this node leads the fetch (holds the lease). */
    synchronized boolean held() {
        return held != null;
    }

    /**
     * Waits for the node that holds the lease: looks into the store every {@code poll} until it holds the object, or
     * the other node's lease is gone (then this node claims it), or {@code max} has passed.
     */
    Outcome awaitOtherNode(Duration max, Duration poll) {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            if (stored.getAsBoolean()) {
                return Outcome.STORED;
            }
            if (!leases.heldElsewhere(key)) {
                // the commit comes before the release: one more look tells "stored" from "not stored"
                if (stored.getAsBoolean()) {
                    return Outcome.STORED;
                }
                FetchLease mine = leases.claim(key);
                if (mine != null) {
                    synchronized (this) {
                        held = mine;
                    }
                    return Outcome.TAKEN_OVER;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Outcome.TIMED_OUT;
            }
            try {
                Thread.sleep(Math.max(1, Math.min(poll.toMillis(), left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.TIMED_OUT;
            }
        }
    }

    /** Gives the lease back if this node holds it; idempotent. */
    void release() {
        FetchLease l;
        synchronized (this) {
            l = held;
            held = null;
        }
        if (l != null) {
            leases.release(key, l);
        }
    }
}
