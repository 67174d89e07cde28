package org.edgecache.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.edgecache.store.FetchLease;
import org.edgecache.store.FetchLeases;
import org.junit.jupiter.api.Test;

/** A leader's wait for another node's fetch, over two nodes' views of one lease table. */
class NodeLeaseTest {
    /** One shared lease table; each view is a node. */
    private final Map<String, FetchLease> table = new ConcurrentHashMap<>();

    private FetchLeases node(String owner) {
        return new FetchLeases() {
            @Override
            public FetchLease claim(String key) {
                FetchLease mine = new FetchLease(owner, Long.MAX_VALUE);
                FetchLease current = table.putIfAbsent(key, mine);
                return current == null || current.owner().equals(owner) ? mine : null;
            }

            @Override
            public boolean heldElsewhere(String key) {
                FetchLease l = table.get(key);
                return l != null && !l.owner().equals(owner);
            }

            @Override
            public void release(String key, FetchLease lease) {
                table.remove(key, lease);
            }
        };
    }

    @Test
    void theFirstNodeHoldsTheLeaseAndReleasesItOnce() {
        NodeLease a = NodeLease.claim(node("A"), "/k", () -> false);
        assertThat(a.held()).isTrue();
        assertThat(NodeLease.claim(node("B"), "/k", () -> false).held()).isFalse();
        a.release();
        a.release();
        assertThat(table).isEmpty();
    }

    @Test
    void aWaiterSeesTheOtherNodesObjectStored() {
        NodeLease.claim(node("A"), "/k", () -> false);
        // the other node commits while B is waiting: B's third look into the store finds the object
        AtomicInteger looks = new AtomicInteger();
        NodeLease b = NodeLease.claim(node("B"), "/k", () -> looks.incrementAndGet() >= 3);
        assertThat(b.awaitOtherNode(Duration.ofSeconds(10), Duration.ofMillis(5))).isEqualTo(NodeLease.Outcome.STORED);
        assertThat(looks.get()).isGreaterThanOrEqualTo(3);
        assertThat(b.held()).isFalse();
    }

    @Test
    void aWaiterTakesTheLeaseOverWhenTheOtherNodeReleasesItWithoutStoring() {
        NodeLease a = NodeLease.claim(node("A"), "/k", () -> false);
        // the other node gives its lease up, unstored, while B is waiting (at B's third look into the store)
        AtomicInteger looks = new AtomicInteger();
        NodeLease b = NodeLease.claim(node("B"), "/k", () -> {
            if (looks.incrementAndGet() == 3) {
                a.release();
            }
            return false;
        });
        assertThat(b.awaitOtherNode(Duration.ofSeconds(10), Duration.ofMillis(5)))
                .isEqualTo(NodeLease.Outcome.TAKEN_OVER);
        assertThat(b.held()).isTrue();
        assertThat(table.get("/k").owner()).isEqualTo("B");
        b.release();
        assertThat(table).isEmpty();
    }

    @Test
    void aWaitRunsOutWithoutTheLease() {
        NodeLease.claim(node("A"), "/k", () -> false);
        NodeLease b = NodeLease.claim(node("B"), "/k", () -> false);
        long t0 = System.nanoTime();
        assertThat(b.awaitOtherNode(Duration.ofMillis(200), Duration.ofMillis(20)))
                .isEqualTo(NodeLease.Outcome.TIMED_OUT);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isBetween(Duration.ofMillis(200), Duration.ofSeconds(5));
        assertThat(b.held()).isFalse();
        b.release();
        assertThat(table.get("/k").owner()).isEqualTo("A");
    }
}
