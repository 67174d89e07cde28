package org.edgecache.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The routing and coherence rules of {@link ClusterFallbackStore}, with a heap-only store standing in for the
 * clustered one that can be made to fail as Ehcache does (a miss, a report to the resilience callback). The real
 * clustered tier and its outages run in ClusterIT.
 */
class ClusterFallbackStoreTest {
    private static final int CS = 1024;
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private final PinnedPoolTest.MutableClock clock = new PinnedPoolTest.MutableClock(T0);
    private FlakyClusteredStore clustered;
    private final ClusterFallbackStore store = new ClusterFallbackStore(Fixtures.heapOnly(CS, 64),
            Duration.ofSeconds(1), clock, Duration.ofSeconds(2), onFailure -> {
                clustered = new FlakyClusteredStore(new EhcacheObjectStore(Fixtures.heapOnly(CS, 64)), onFailure);
                return clustered;
            }, false);

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void whileTheClusterFailsObjectsAreStoredAndServedLocally() throws Exception {
        byte[] body = Fixtures.body(1, 5 * CS + 17);
        clustered.failing = true;
        assertThat(store.lookup("k")).isEmpty();
        assertThat(store.clusterAvailable()).isFalse();

        StoredObject o = Fixtures.put(store, "k", body);
        assertThat(o.objectId()).startsWith(ClusterFallbackStore.FALLBACK_ID_PREFIX);
        assertThat(Fixtures.read(store, store.lookup("k").get(0))).isEqualTo(body);
        assertThat(clustered.delegate.lookup("k")).isEmpty();
        assertThat(store.fetchLeases().claim("k").owner()).isEqualTo("local");
        assertThat(store.stats().objects()).isEqualTo(1);
    }

    @Test
    void theFallbacksObjectsAreNotServedOnceTheClusterIsBack() throws Exception {
        clustered.failing = true;
        store.lookup("k");
        Fixtures.put(store, "k", Fixtures.body(2, 3 * CS));
        clustered.failing = false;

        store.probeIfDue(); // not due yet
        assertThat(store.clusterAvailable()).isFalse();
        clock.set(T0.plusSeconds(2));
        store.probeIfDue();
        assertThat(store.clusterAvailable()).isTrue();
        assertThat(store.lookup("k")).isEmpty();

        // and not in the next outage either: the fallback was dropped
        clustered.failing = true;
        assertThat(store.lookup("k")).isEmpty();
        assertThat(store.clusterAvailable()).isFalse();
        assertThat(store.lookup("k")).isEmpty();
    }

    @Test
    void aProbeThatFailsKeepsTheNodeOnItsFallback() {
        clustered.failing = true;
        store.lookup("k");
        clock.set(T0.plusSeconds(2));
        store.probeIfDue();
        assertThat(clustered.probes).isEqualTo(1);
        assertThat(store.clusterAvailable()).isFalse();
        clock.set(T0.plusSeconds(3));
        store.probeIfDue();
        assertThat(clustered.probes).isEqualTo(1);
        clock.set(T0.plusSeconds(4));
        clustered.failing = false;
        store.probeIfDue();
        assertThat(clustered.probes).isEqualTo(2);
        assertThat(store.clusterAvailable()).isTrue();
    }

    @Test
    void aFallbackWriteBegunBeforeTheClusterCameBackIsNotCommitted() throws Exception {
        clustered.failing = true;
        store.lookup("k");
        byte[] body = Fixtures.body(3, 2 * CS + 1);
        try (ObjectWriter w = store.begin("k", Fixtures.head(""))) {
            w.write(body, 0, body.length);
            clustered.failing = false;
            clock.set(T0.plusSeconds(2));
            store.probeIfDue();
            assertThat(store.clusterAvailable()).isTrue();
            assertThat(w.commit(body.length, 3)).isFalse();
        }
        clustered.failing = true;
        assertThat(store.lookup("k")).isEmpty();
    }

    @Test
    void aKeyRemovedDuringTheOutageIsRemovedFromTheClusterBeforeTheNodeUsesItAgain() throws Exception {
        byte[] body = Fixtures.body(4, 4 * CS);
        Fixtures.put(store, "k", body);
        assertThat(store.lookup("k").get(0).objectId()).doesNotStartWith(ClusterFallbackStore.FALLBACK_ID_PREFIX);

        clustered.failing = true;
        assertThat(store.lookup("other")).isEmpty();
        store.remove("k");
        assertThat(clustered.delegate.lookup("k")).hasSize(1); // the server did not hear of it

        clustered.failing = false;
        clock.set(T0.plusSeconds(2));
        store.probeIfDue();
        assertThat(store.clusterAvailable()).isTrue();
        assertThat(clustered.delegate.lookup("k")).isEmpty();
        assertThat(store.lookup("k")).isEmpty();
    }

    @Test
    void anObjectIsReadFromTheStoreThatHoldsIt() throws Exception {
        byte[] shared = Fixtures.body(5, 3 * CS + 5);
        StoredObject fromCluster = Fixtures.put(store, "a", shared);
        clustered.failing = true;
        store.lookup("b");
        byte[] local = Fixtures.body(6, 2 * CS + 9);
        StoredObject fromFallback = Fixtures.put(store, "b", local);
        clustered.failing = false;
        assertThat(Fixtures.read(store, fromCluster)).isEqualTo(shared);
        assertThat(Fixtures.read(store, fromFallback)).isEqualTo(local);
    }

    /** The clustered store as Ehcache makes it look while the server is gone: misses, and a report of each failure. */
    static final class FlakyClusteredStore implements ClusteredStore {
        final EhcacheObjectStore delegate;
        private final Runnable onFailure;
        volatile boolean failing;
        int probes;

        FlakyClusteredStore(EhcacheObjectStore delegate, Runnable onFailure) {
            this.delegate = delegate;
            this.onFailure = onFailure;
        }

        private boolean failed() {
            if (failing) {
                onFailure.run();
            }
            return failing;
        }

        @Override
        public void probeCluster() {
            probes++;
            failed();
        }

        @Override
        public void clear() {
            if (!failed()) {
                delegate.clear();
            }
        }

        @Override
        public List<StoredObject> lookup(String key) {
            return failed() ? List.of() : delegate.lookup(key);
        }

        @Override
        public ObjectWriter begin(String key, Head head) {
            return delegate.begin(key, head);
        }

        @Override
        public boolean updateHead(String key, String objectId, Head newHead) {
            return !failed() && delegate.updateHead(key, objectId, newHead);
        }

        @Override
        public boolean remove(String key) {
            return !failed() && delegate.remove(key);
        }

        @Override
        public boolean remove(String key, String objectId) {
            return !failed() && delegate.remove(key, objectId);
        }

        @Override
        public void read(StoredObject object, long from, long toInclusive, ChunkSink sink)
                throws IOException, MissingChunkException {
            delegate.read(object, from, toInclusive, sink);
        }

        @Override
        public StoreStats stats() {
            return delegate.stats();
        }

        @Override
        public void forEachKey(Consumer<String> action) {
            delegate.forEachKey(action);
        }

        @Override
        public BitSet chunksPresent(StoredObject object) {
            return delegate.chunksPresent(object);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
