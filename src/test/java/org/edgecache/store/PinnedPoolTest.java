package org.edgecache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgecache.store.Fixtures.T0;
import static org.edgecache.store.Fixtures.body;
import static org.edgecache.store.Fixtures.head;
import static org.edgecache.store.Fixtures.put;
import static org.edgecache.store.Fixtures.read;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cache.config pin-in-cache: pinned objects live in their own pool, which pressure on ordinary objects cannot evict;
 * the pool admits a pin only while it has room (else the object is stored as an ordinary one); a pin ends at its
 * time, and the object then moves to the ordinary caches.
 */
class PinnedPoolTest {
    static final int CS = 1024;
    static final int P = CS - StoreConfig.CHUNK_RESERVE;
    static final Instant NOW = T0.plusSeconds(60);

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(NOW);

    /** Ordinary caches that hold 4 keys and 16 chunks; a pool of 3 objects and 6 chunks. */
    private static StoreConfig small() {
        return Fixtures.heapOnly(CS, 16).withHeapEntries(4).withPinned(3, 6L * CS);
    }

    private static Head pinned(String variant, Instant until) {
        return head(variant).withPinnedUntil(until);
    }

    @Test
    void pinnedObjectsSurvivePressureThatEvictsOrdinaryOnes() throws Exception {
        try (EhcacheObjectStore store = new EhcacheObjectStore(small(), clock)) {
            Instant until = NOW.plus(Duration.ofHours(12));
            for (int i = 0; i < 3; i++) {
                put(store, "pin" + i, pinned("", until), body(i, 2 * P), 3);
            }
            put(store, "first", body(99, 2 * P));
            pressure(store, 300, 2 * P);
            assertThat(store.lookup("first")).as("pressure evicted ordinary objects").isEmpty();
            for (int i = 0; i < 3; i++) {
                List<StoredObject> found = store.lookup("pin" + i);
                assertThat(found).hasSize(1);
                assertThat(found.get(0).head().pinnedUntil()).isEqualTo(until);
                assertThat(read(store, found.get(0))).isEqualTo(body(i, 2 * P));
            }
            assertThat(store.stats().pinnedObjects()).isEqualTo(3);
            assertThat(store.stats().pinnedBytes()).isEqualTo(6L * CS);
        }
    }

    @Test
    void inspectionSeesPinnedKeysOnceAndTheirChunks() throws Exception {
        try (EhcacheObjectStore store = new EhcacheObjectStore(small(), clock)) {
            Instant until = T0.plusSeconds(3600);
            StoredObject pin = put(store, "pin", pinned("", until), body(1, 2 * P), 3);
            assertThat(pin.head().pinnedUntil()).isEqualTo(until);
            put(store, "plain", body(2, P));
            List<String> keys = new java.util.ArrayList<>();
            store.forEachKey(keys::add);
            assertThat(keys).containsExactlyInAnyOrder("pin", "plain");
            assertThat(store.chunksPresent(pin).cardinality()).isEqualTo(2);
        }
    }

    @Test
    void aPinThatDoesNotFitIsStoredAsAnOrdinaryObject() throws Exception {
        try (EhcacheObjectStore store = new EhcacheObjectStore(small(), clock)) {
            Instant until = NOW.plusSeconds(3600);
            for (int i = 0; i < 3; i++) {
                put(store, "pin" + i, pinned("", until), body(i, P), 3);
            }
            StoredObject fourth = put(store, "pin3", pinned("", until), body(3, P), 3);
            assertThat(fourth.head().pinnedUntil()).as("no room for a fourth object").isNull();
            assertThat(read(store, fourth)).isEqualTo(body(3, P));
            StoredObject large = put(store, "large", pinned("", until), body(4, 7 * P + 5), 3);
            assertThat(large.head().pinnedUntil()).as("8 chunks do not fit a pool of 6").isNull();
            assertThat(read(store, large)).isEqualTo(body(4, 7 * P + 5));
            StoreStats s = store.stats();
            assertThat(s.pinnedObjects()).isEqualTo(3);
            assertThat(s.pinsRefused()).isEqualTo(2);
            for (int i = 0; i < 3; i++) {
                assertThat(store.lookup("pin" + i).get(0).head().pinnedUntil()).isEqualTo(until);
            }
        }
    }

    @Test
    void anEndedPinMovesTheObjectToTheOrdinaryCachesAndFreesItsRoom() throws Exception {
        try (EhcacheObjectStore store = new EhcacheObjectStore(small(), clock)) {
            put(store, "a", pinned("", NOW.plusSeconds(10)), body(1, 3 * P), 3);
            clock.set(NOW.plusSeconds(10));
            List<StoredObject> found = store.lookup("a");
            assertThat(found).hasSize(1);
            assertThat(found.get(0).head().pinnedUntil()).isNull();
            assertThat(read(store, found.get(0))).isEqualTo(body(1, 3 * P));
            StoreStats s = store.stats();
            assertThat(s.pinnedObjects()).isZero();
            assertThat(s.pinnedBytes()).isZero();
            assertThat(s.pinsEnded()).isEqualTo(1);
            assertThat(s.objects()).isEqualTo(1);
            assertThat(s.keys()).isEqualTo(1);
        }
    }

    @Test
    void aNewPinEndsLapsedPinsToMakeRoom() throws Exception {
        try (EhcacheObjectStore store = new EhcacheObjectStore(small().withPinned(1, 6L * CS), clock)) {
            put(store, "old", pinned("", NOW.plusSeconds(10)), body(1, P), 3);
            clock.set(NOW.plusSeconds(11));
            StoredObject fresh = put(store, "new", pinned("", NOW.plusSeconds(100)), body(2, P), 3);
            assertThat(fresh.head().pinnedUntil()).isEqualTo(NOW.plusSeconds(100));
            StoredObject old = store.lookup("old").get(0);
            assertThat(old.head().pinnedUntil()).isNull();
            assertThat(read(store, old)).isEqualTo(body(1, P));
        }
    }

    @Test
    void aReaderHoldingAPinnedHeadStillReadsAfterThePinEnded() throws Exception {
        try (EhcacheObjectStore store = new EhcacheObjectStore(small(), clock)) {
            StoredObject held = put(store, "a", pinned("", NOW.plusSeconds(10)), body(1, 2 * P), 3);
            clock.set(NOW.plusSeconds(20));
            store.lookup("a");
            assertThat(held.head().pinnedUntil()).isNotNull();
            assertThat(store.hasPinnedChunk(held.objectId(), 0)).isFalse();
            assertThat(read(store, held)).isEqualTo(body(1, 2 * P));
        }
    }

    @Test
    void replacingUpdatingAndRemovingPinnedObjectsKeepThePoolsBudget() throws Exception {
        try (EhcacheObjectStore store = new EhcacheObjectStore(small(), clock)) {
            Instant until = NOW.plusSeconds(3600);
            StoredObject first = put(store, "a", pinned("gzip", until), body(1, 2 * P), 3);
            StoredObject second = put(store, "a", pinned("gzip", until), body(2, 2 * P), 3);
            assertThat(store.lookup("a")).containsExactly(second);
            assertThat(store.hasPinnedChunk(first.objectId(), 0)).isFalse();
            assertThat(store.stats().pinnedObjects()).isEqualTo(1);
            assertThat(store.stats().pinnedBytes()).isEqualTo(2L * CS);

            Head refreshed = second.head().withResponseHeaders(second.head().responseHeaders().with("X-New", "1"))
                    .withPinnedUntil(null);
            assertThat(store.updateHead("a", second.objectId(), refreshed)).isTrue();
            StoredObject updated = store.lookup("a").get(0);
            assertThat(updated.head().responseHeaders().get("X-New")).isEqualTo("1");
            assertThat(updated.head().pinnedUntil()).as("the store keeps the pin").isEqualTo(until);

            StoredObject plain = put(store, "a", head("br"), body(3, P), 3);
            assertThat(store.lookup("a")).extracting(o -> o.head().variantKey()).containsExactly("gzip", "br");
            StoredObject replacement = put(store, "a", head("gzip"), body(4, P), 3);
            assertThat(store.lookup("a")).as("a newer ordinary copy replaces the pinned one")
                    .containsExactlyInAnyOrder(replacement, plain);
            assertThat(store.stats().pinnedObjects()).isZero();
            assertThat(store.stats().pinnedBytes()).isZero();

            put(store, "b", pinned("", until), body(5, P), 3);
            assertThat(store.remove("b")).isTrue();
            assertThat(store.lookup("b")).isEmpty();
            assertThat(store.stats().pinnedObjects()).isZero();
            assertThat(store.stats().keys()).isEqualTo(1);
        }
    }

    @Test
    void anUnboundedNumberOfAlternatesIsAccepted() throws Exception {
        try (EhcacheObjectStore store = new EhcacheObjectStore(small(), clock)) {
            for (String v : List.of("a", "b", "c", "d", "e")) {
                put(store, "k", head(v), body(1, P), Integer.MAX_VALUE);
            }
            put(store, "k", pinned("f", NOW.plusSeconds(60)), body(2, P), Integer.MAX_VALUE);
            assertThat(store.lookup("k")).hasSize(6);
        }
    }

    @Test
    void anAbortedPinnedWriteGivesItsRoomBack() throws Exception {
        try (EhcacheObjectStore store = new EhcacheObjectStore(small(), clock)) {
            try (ObjectWriter w = store.begin("a", pinned("", NOW.plusSeconds(60)))) {
                w.write(body(1, 5 * P), 0, 5 * P);
            }
            assertThat(store.stats().pinnedBytes()).isZero();
            StoredObject o = put(store, "b", pinned("", NOW.plusSeconds(60)), body(2, 6 * P), 3);
            assertThat(o.head().pinnedUntil()).isNotNull();
        }
    }

    @Test
    void withoutAPinnedPoolPinsAreOrdinaryObjects() throws Exception {
        try (EhcacheObjectStore store = new EhcacheObjectStore(small().withPinned(3, 0), clock)) {
            StoredObject o = put(store, "a", pinned("", NOW.plusSeconds(60)), body(1, P), 3);
            assertThat(o.head().pinnedUntil()).isNull();
            assertThat(store.stats().tiers()).noneMatch(t -> t.cache().startsWith("pinned"));
        }
    }

    @Test
    void onDiskPinnedObjectsSurvivePressureAndARestart() throws Exception {
        StoreConfig config = Fixtures.heapOnly(CS, 4).withHeapEntries(4).withPinned(20, 40L * CS)
                .withPersistence(tmp.resolve("store"), 6L << 20);
        Instant until = NOW.plus(Duration.ofDays(1));
        try (EhcacheObjectStore store = new EhcacheObjectStore(config, clock)) {
            for (int i = 0; i < 20; i++) {
                put(store, "pin" + i, pinned("", until), body(i, 2 * P - 7), 3);
            }
            StoredObject first = put(store, "first", body(99, 2 * P));
            pressure(store, 300, 20 * P);
            assertThat(store.hasChunk(first.objectId(), 0)).as("pressure evicted ordinary chunks").isFalse();
            assertPinned(store, until);
        }
        try (EhcacheObjectStore store = new EhcacheObjectStore(config, clock)) {
            assertPinned(store, until);
            assertThat(store.stats().pinnedObjects()).isEqualTo(20);
        }
    }

    /** Writes ordinary objects; under this pressure some commits are refused (a chunk evicted first). */
    private static void pressure(EhcacheObjectStore store, int count, int size) throws Exception {
        for (int i = 0; i < count; i++) {
            try (ObjectWriter w = store.begin("k" + i, head(""))) {
                w.write(body(100 + i, size), 0, size);
                w.commit(size, 3);
            }
        }
    }

    private static void assertPinned(EhcacheObjectStore store, Instant until) throws Exception {
        for (int i = 0; i < 20; i++) {
            List<StoredObject> found = store.lookup("pin" + i);
            assertThat(found).as("pin" + i).hasSize(1);
            assertThat(found.get(0).head().pinnedUntil()).isEqualTo(until);
            assertThat(read(store, found.get(0))).isEqualTo(body(i, 2 * P - 7));
        }
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
