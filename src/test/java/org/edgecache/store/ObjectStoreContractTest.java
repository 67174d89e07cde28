package org.edgecache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.edgecache.store.Fixtures.body;
import static org.edgecache.store.Fixtures.head;
import static org.edgecache.store.Fixtures.put;
import static org.edgecache.store.Fixtures.read;
import static org.edgecache.store.Fixtures.slice;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.edgecache.http.HttpFields;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's behaviour, written once and run over each tier layout. */
abstract class ObjectStoreContractTest {
    /** Configured chunk (entry) size. */
    static final int CS = 4096;
    /** Body bytes per chunk. */
    static final int P = CS - StoreConfig.CHUNK_RESERVE;

    @TempDir
    Path tmp;
    EhcacheObjectStore store;

    abstract StoreConfig config(Path dir);

    @BeforeEach
    void open() {
        store = new EhcacheObjectStore(config(tmp.resolve("store")));
    }

    @AfterEach
    void close() {
        store.close();
    }

    // ---- write, commit, read ----

    @Test
    void committedObjectReadsBackByteForByte() throws Exception {
        byte[] b = body(1, 10_000);
        StoredObject o = put(store, "http://o/a", b);
        assertThat(o.length()).isEqualTo(10_000);
        assertThat(o.head().chunkSize()).isEqualTo(P);
        assertThat(o.objectId()).isNotBlank();
        assertThat(o.head().responseHeaders().get("content-type")).isEqualTo("text/plain");
        assertThat(o.head().requestTime()).isEqualTo(Fixtures.T0);
        assertThat(read(store, o)).isEqualTo(b);
    }

    @Test
    void nothingIsVisibleBeforeCommit() throws Exception {
        try (ObjectWriter w = store.begin("k", head(""))) {
            w.write(body(1, 3 * P), 0, 3 * P);
            assertThat(store.lookup("k")).isEmpty();
            assertThat(w.commit(3 * P, 3)).isTrue();
        }
        assertThat(store.lookup("k")).hasSize(1);
    }

    @Test
    void commitWithWrongLengthAbortsAndLeavesNothing() throws Exception {
        ObjectWriter w = store.begin("k", head(""));
        w.write(body(1, 2 * P + 5), 0, 2 * P + 5);
        String id = w.objectId();
        assertThat(w.commit(2 * P + 6, 3)).isFalse();
        assertThat(store.lookup("k")).isEmpty();
        for (int i = 0; i < 3; i++) {
            assertThat(store.hasChunk(id, i)).as("chunk %d", i).isFalse();
        }
        assertThat(store.stats().aborts()).isEqualTo(1);
        assertThat(store.stats().commits()).isZero();
        assertThatThrownBy(() -> w.write(new byte[1], 0, 1)).isInstanceOf(IOException.class);
        assertThat(w.commit(2 * P + 5, 3)).as("an aborted writer never commits").isFalse();
    }

    @Test
    void shortBodyAlsoAborts() throws Exception {
        ObjectWriter w = store.begin("k", head(""));
        w.write(body(1, 10), 0, 10);
        assertThat(w.commit(9, 3)).isFalse();
        assertThat(store.lookup("k")).isEmpty();
    }

    @Test
    void unknownLengthCommitsWhateverWasWritten() throws Exception {
        try (ObjectWriter w = store.begin("k", head(""))) {
            w.write(body(2, P + 1), 0, P + 1);
            assertThat(w.written()).isEqualTo(P + 1);
            assertThat(w.commit(-1, 3)).isTrue();
        }
        StoredObject o = store.lookup("k").get(0);
        assertThat(o.length()).isEqualTo(P + 1);
        assertThat(read(store, o)).isEqualTo(body(2, P + 1));
    }

    @Test
    void abortFreesChunksAndIsIdempotent() throws Exception {
        ObjectWriter w = store.begin("k", head(""));
        w.write(body(1, 3 * P), 0, 3 * P);
        String id = w.objectId();
        assertThat(store.hasChunk(id, 2)).isTrue();
        w.abort();
        w.abort();
        w.close();
        for (int i = 0; i < 3; i++) {
            assertThat(store.hasChunk(id, i)).isFalse();
        }
        assertThat(store.lookup("k")).isEmpty();
        assertThat(store.stats().aborts()).isEqualTo(1);
    }

    @Test
    void closeWithoutCommitAborts() throws Exception {
        String id;
        try (ObjectWriter w = store.begin("k", head(""))) {
            w.write(body(1, P), 0, P);
            id = w.objectId();
        }
        assertThat(store.hasChunk(id, 0)).isFalse();
        assertThat(store.lookup("k")).isEmpty();
        assertThat(store.stats().aborts()).isEqualTo(1);
    }

    @Test
    void misuseOfAWriterIsReported() throws Exception {
        ObjectWriter w = store.begin("k", head(""));
        w.write(new byte[3], 0, 3);
        assertThatThrownBy(() -> w.commit(3, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(w.commit(3, 1)).isTrue();
        assertThatThrownBy(() -> w.commit(3, 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> w.write(new byte[1], 0, 1)).isInstanceOf(IOException.class);
        w.abort(); // no-op after commit
        assertThat(store.lookup("k")).hasSize(1);
    }

    @Test
    void emptyBody() throws Exception {
        StoredObject o = put(store, "k", new byte[0]);
        assertThat(o.length()).isZero();
        assertThat(o.head().chunkCount()).isZero();
        List<Integer> calls = new ArrayList<>();
        store.read(o, (b, off, len) -> calls.add(len));
        store.read(o, 0, -1, (b, off, len) -> calls.add(len));
        assertThat(calls).isEmpty();
        assertThat(store.hasChunk(o.objectId(), 0)).isFalse();
        assertThatThrownBy(() -> store.read(o, 0, 0, (b, off, len) -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bodyOfExactlyNChunks() throws Exception {
        byte[] b = body(3, 3 * P);
        StoredObject o = put(store, "k", b);
        assertThat(o.head().chunkCount()).isEqualTo(3);
        assertThat(store.hasChunk(o.objectId(), 2)).isTrue();
        assertThat(store.hasChunk(o.objectId(), 3)).isFalse();
        assertThat(read(store, o)).isEqualTo(b);
        assertThat(read(store, o, 3 * P - 1, 3 * P - 1)).isEqualTo(slice(b, 3 * P - 1, 3 * P - 1));
    }

    @Test
    void bodyOfNChunksPlusOneByte() throws Exception {
        byte[] b = body(4, 3 * P + 1);
        StoredObject o = put(store, "k", b);
        assertThat(o.head().chunkCount()).isEqualTo(4);
        assertThat(store.hasChunk(o.objectId(), 3)).isTrue();
        assertThat(read(store, o)).isEqualTo(b);
        assertThat(read(store, o, 3 * P, 3 * P)).containsExactly(b[3 * P]);
        assertThat(read(store, o, 3 * P - 1, 3 * P)).isEqualTo(slice(b, 3 * P - 1, 3 * P));
    }

    @Test
    void subRangesAcrossChunkBoundariesAreByteExact() throws Exception {
        byte[] b = body(5, 5 * P + 17);
        StoredObject o = put(store, "k", b);
        long len = b.length;
        long[][] ranges = {{0, 0}, {P - 3, 2 * P + 5}, {P, 2 * P - 1}, {P - 1, P}, {1, len - 2},
            {len - 1, len - 1}, {4 * P + 1, len - 1}, {0, len - 1}, {2 * P + 7, 2 * P + 7}};
        for (long[] r : ranges) {
            assertThat(read(store, o, r[0], r[1])).as("bytes %d-%d", r[0], r[1]).isEqualTo(slice(b, r[0], r[1]));
        }
        List<Integer> calls = new ArrayList<>();
        store.read(o, P - 3, 3 * P + 2, (data, off, n) -> calls.add(n));
        assertThat(calls).as("one call per chunk touched").containsExactly(3, P, P, 3);
    }

    @Test
    void rangesOutsideTheBodyAreRejected() throws Exception {
        StoredObject o = put(store, "k", body(1, 100));
        ChunkSink ignore = (b, off, len) -> { };
        assertThatThrownBy(() -> store.read(o, -1, 5, ignore)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.read(o, 0, 100, ignore)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.read(o, 50, 10, ignore)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writerMaySeeManySmallAndLargeWrites() throws Exception {
        byte[] b = body(6, 7 * P + 123);
        try (ObjectWriter w = store.begin("k", head(""))) {
            w.write(b, 0, 1);
            w.write(b, 1, 5 * P);
            w.write(b, 5 * P + 1, 0);
            w.write(b, 5 * P + 1, b.length - 5 * P - 1);
            assertThat(w.commit(b.length, 3)).isTrue();
        }
        assertThat(read(store, store.lookup("k").get(0))).isEqualTo(b);
    }

    // ---- alternates ----

    @Test
    void alternatesAreBoundedAndMostRecentFirst() throws Exception {
        StoredObject gz = put(store, "k", head("gzip"), body(1, 2 * P), 3);
        put(store, "k", head("br"), body(2, 10), 3);
        put(store, "k", head("identity"), body(3, 10), 3);
        put(store, "k", head("zstd"), body(4, 10), 3);
        List<StoredObject> alts = store.lookup("k");
        assertThat(alts).extracting(o -> o.head().variantKey()).containsExactly("zstd", "identity", "br");
        assertThat(store.hasChunk(gz.objectId(), 0)).as("dropped alternate's chunks are freed").isFalse();
        assertThat(store.stats().objects()).isEqualTo(3);
        assertThat(store.stats().replaced()).isEqualTo(1);
        assertThatThrownBy(() -> read(store, gz)).isInstanceOf(MissingChunkException.class);
    }

    @Test
    void smallerMaxAlternatesDropsSeveral() throws Exception {
        for (int i = 0; i < 4; i++) {
            put(store, "k", head("v" + i), body(i, 10), 10);
        }
        put(store, "k", head("v9"), body(9, 10), 2);
        assertThat(store.lookup("k")).extracting(o -> o.head().variantKey()).containsExactly("v9", "v3");
        assertThat(store.stats().objects()).isEqualTo(2);
    }

    @Test
    void sameVariantReplacesAndFreesTheOldBody() throws Exception {
        StoredObject first = put(store, "k", head("gzip"), body(1, 3 * P), 3);
        put(store, "k", head("br"), body(2, 10), 3);
        StoredObject second = put(store, "k", head("gzip"), body(3, 2 * P), 3);
        assertThat(store.lookup("k")).extracting(StoredObject::objectId)
                .containsExactly(second.objectId(), store.lookup("k").get(1).objectId());
        assertThat(store.lookup("k")).hasSize(2);
        assertThat(read(store, second)).isEqualTo(body(3, 2 * P));
        MissingChunkException e = catchMissing(first);
        assertThat(e.offset()).isZero();
        assertThat(e.reason()).isEqualTo(MissingChunkException.Reason.MISSING);
    }

    @Test
    void updateHeadKeepsTheBody() throws Exception {
        byte[] b = body(7, 2 * P + 9);
        StoredObject o = put(store, "k", head("gzip"), b, 3);
        put(store, "k", head("br"), body(8, 10), 3);
        Head fresher = head("gzip").withResponseHeaders(HttpFields.of("ETag", "\"v2\"", "Cache-Control", "max-age=600"))
                .withTimes(Fixtures.T0.plusSeconds(100), Fixtures.T0.plusSeconds(101))
                .withBody("someone-else", 1, 1);
        assertThat(store.updateHead("k", o.objectId(), fresher)).isTrue();
        List<StoredObject> alts = store.lookup("k");
        assertThat(alts).hasSize(2);
        StoredObject updated = alts.get(0);
        assertThat(updated.objectId()).isEqualTo(o.objectId());
        assertThat(updated.length()).isEqualTo(b.length);
        assertThat(updated.head().chunkSize()).isEqualTo(P);
        assertThat(updated.head().responseHeaders().get("etag")).isEqualTo("\"v2\"");
        assertThat(updated.head().responseTime()).isEqualTo(Fixtures.T0.plusSeconds(101));
        assertThat(read(store, updated)).isEqualTo(b);
        assertThat(store.stats().headUpdates()).isEqualTo(1);
        assertThat(store.updateHead("k", "no-such-object", fresher)).isFalse();
        assertThat(store.updateHead("other", o.objectId(), fresher)).isFalse();
    }

    @Test
    void updateHeadOntoAnotherVariantDropsThatOne() throws Exception {
        StoredObject gz = put(store, "k", head("gzip"), body(1, 10), 3);
        StoredObject br = put(store, "k", head("br"), body(2, P + 1), 3);
        assertThat(store.updateHead("k", gz.objectId(), head("br"))).isTrue();
        assertThat(store.lookup("k")).extracting(StoredObject::objectId).containsExactly(gz.objectId());
        assertThat(store.hasChunk(br.objectId(), 0)).isFalse();
    }

    // ---- remove ----

    @Test
    void removeKeyRemovesEveryAlternateAndItsChunks() throws Exception {
        StoredObject a = put(store, "k", head("a"), body(1, 2 * P), 3);
        StoredObject b = put(store, "k", head("b"), body(2, P), 3);
        put(store, "other", body(3, 10));
        assertThat(store.remove("k")).isTrue();
        assertThat(store.remove("k")).isFalse();
        assertThat(store.lookup("k")).isEmpty();
        assertThat(store.hasChunk(a.objectId(), 1)).isFalse();
        assertThat(store.hasChunk(b.objectId(), 0)).isFalse();
        assertThat(store.lookup("other")).hasSize(1);
        StoreStats s = store.stats();
        assertThat(s.keys()).isEqualTo(1);
        assertThat(s.objects()).isEqualTo(1);
        assertThat(s.bytes()).isEqualTo(10);
        assertThat(s.removes()).isEqualTo(2);
    }

    @Test
    void removeOneAlternate() throws Exception {
        StoredObject a = put(store, "k", head("a"), body(1, 2 * P), 3);
        StoredObject b = put(store, "k", head("b"), body(2, P), 3);
        assertThat(store.remove("k", a.objectId())).isTrue();
        assertThat(store.remove("k", a.objectId())).isFalse();
        assertThat(store.lookup("k")).extracting(StoredObject::objectId).containsExactly(b.objectId());
        assertThat(store.hasChunk(a.objectId(), 0)).isFalse();
        assertThat(store.remove("k", b.objectId())).isTrue();
        assertThat(store.lookup("k")).isEmpty();
        assertThat(store.stats().keys()).isZero();
        assertThat(store.remove("k", b.objectId())).isFalse();
    }

    // ---- damage is reported, never served ----

    @Test
    void missingChunkIsReportedWithTheOffsetReached() throws Exception {
        byte[] b = body(9, 4 * P);
        StoredObject o = put(store, "k", b);
        store.removeChunk(o.objectId(), 2);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        MissingChunkException e = catchMissing(() -> store.read(o, P + 10, 4 * P - 1, got::write));
        assertThat(e.chunkIndex()).isEqualTo(2);
        assertThat(e.offset()).isEqualTo(2 * P);
        assertThat(e.reason()).isEqualTo(MissingChunkException.Reason.MISSING);
        assertThat(e.key()).isEqualTo("k");
        assertThat(got.toByteArray()).as("only the bytes before the hole").isEqualTo(slice(b, P + 10, 2 * P - 1));
        assertThat(read(store, o, 3 * P, 4 * P - 1)).as("other chunks still read")
                .isEqualTo(slice(b, 3 * P, 4 * P - 1));
        assertThat(store.stats().readErrors()).isEqualTo(1);
    }

    @Test
    void wrongLengthChunkIsCorruptAndRemoved() throws Exception {
        StoredObject o = put(store, "k", body(1, 2 * P));
        store.putChunkValue(o.objectId(), 1, new byte[P]); // data without its checksum: 4 bytes short
        MissingChunkException e = catchMissing(o);
        assertThat(e.reason()).isEqualTo(MissingChunkException.Reason.CORRUPT);
        assertThat(e.offset()).isEqualTo(P);
        assertThat(store.hasChunk(o.objectId(), 1)).isFalse();
    }

    @Test
    void chunkWithBadChecksumIsCorrupt() throws Exception {
        StoredObject o = put(store, "k", body(1, P + 100));
        byte[] bad = new byte[100 + EhcacheObjectStore.CHUNK_TRAILER]; // right length, zero checksum of other data
        bad[0] = 1;
        store.putChunkValue(o.objectId(), 1, bad);
        assertThat(catchMissing(o).reason()).isEqualTo(MissingChunkException.Reason.CORRUPT);
    }

    @Test
    void corruptHeadReadsAsAbsentAndIsRemoved() throws Exception {
        StoredObject good = put(store, "good", body(1, 10));
        put(store, "k", body(2, 10));
        byte[] raw = store.headsEntryBytes("k");
        raw[raw.length / 2] ^= 0x40;
        store.putHeadsEntryBytes("k", raw);
        assertThat(store.lookup("k")).isEmpty();
        assertThat(store.headsEntryBytes("k")).as("removed").isNull();
        assertThat(store.stats().corruptHeads()).isEqualTo(1);

        store.putHeadsEntryBytes("garbage", "not a head at all".getBytes());
        assertThat(store.lookup("garbage")).isEmpty();
        store.putHeadsEntryBytes("empty", new byte[0]);
        assertThat(store.lookup("empty")).isEmpty();
        assertThat(store.stats().corruptHeads()).isEqualTo(3);
        assertThat(store.lookup("good")).containsExactly(good);
    }

    @Test
    void commitOverACorruptHeadReplacesIt() throws Exception {
        store.putHeadsEntryBytes("k", new byte[] {1, 2, 3});
        StoredObject o = put(store, "k", body(1, 10));
        assertThat(store.lookup("k")).containsExactly(o);
        assertThat(store.stats().corruptHeads()).isEqualTo(1);
    }

    // ---- sizes and stats ----

    @Test
    void statsCountObjectsBytesAndEvents() throws Exception {
        put(store, "a", head("x"), body(1, 100), 3);
        put(store, "a", head("y"), body(2, 200), 3);
        put(store, "b", body(3, 300));
        put(store, "b", body(4, 50)); // replaces
        ObjectWriter w = store.begin("c", head(""));
        w.abort();
        StoreStats s = store.stats();
        assertThat(s.keys()).isEqualTo(2);
        assertThat(s.objects()).isEqualTo(3);
        assertThat(s.bytes()).isEqualTo(350);
        assertThat(s.writesStarted()).isEqualTo(5);
        assertThat(s.commits()).isEqualTo(4);
        assertThat(s.aborts()).isEqualTo(1);
        assertThat(s.replaced()).isEqualTo(1);
        assertThat(s.tiers()).extracting(StoreStats.TierStats::cache).contains("heads", "chunks");
        assertThat(s.tiers()).filteredOn(t -> t.cache().equals("heads")).extracting(StoreStats.TierStats::tier)
                .contains("OnHeap");
    }

    @Test
    void closedStoreRefusesWork() {
        store.close();
        store.close();
        assertThatThrownBy(() -> store.lookup("k")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> store.begin("k", head(""))).isInstanceOf(IllegalStateException.class);
        assertThat(store.stats().tiers()).isEmpty();
    }

    @Test
    void writerOnAClosedStoreFailsCleanly() throws Exception {
        ObjectWriter w = store.begin("k", head(""));
        w.write(new byte[10], 0, 10);
        store.close();
        assertThatThrownBy(() -> w.write(new byte[10], 0, 10)).isInstanceOf(IOException.class);
        assertThat(w.commit(20, 3)).isFalse();
    }

    // ---- helpers ----

    interface Read {
        void run() throws Exception;
    }

    // ---- inspection ----

    @Test
    void forEachKeyListsEveryCommittedKeyOnceAndNothingInProgress() throws Exception {
        put(store, "/a", body(1, 10));
        put(store, "/b", head("v1"), body(2, 10), 3);
        put(store, "/b", head("v2"), body(3, 10), 3);
        ObjectWriter open = store.begin("/writing", head(""));
        open.write(body(4, 10), 0, 10);
        List<String> keys = new ArrayList<>();
        store.forEachKey(keys::add);
        assertThat(keys).containsExactlyInAnyOrder("/a", "/b");
        store.remove("/a");
        keys.clear();
        store.forEachKey(keys::add);
        assertThat(keys).containsExactly("/b");
        open.abort();
    }

    @Test
    void chunksPresentTellsWhichChunksAreStillThere() throws Exception {
        StoredObject o = put(store, "/c", body(5, 3 * P + 1));
        assertThat(store.chunksPresent(o).cardinality()).isEqualTo(4);
        store.removeChunk(o.objectId(), 2);
        java.util.BitSet present = store.chunksPresent(o);
        assertThat(present.get(0)).isTrue();
        assertThat(present.get(1)).isTrue();
        assertThat(present.get(2)).isFalse();
        assertThat(present.get(3)).isTrue();
        assertThat(store.chunksPresent(put(store, "/empty", new byte[0])).isEmpty()).isTrue();
    }

    MissingChunkException catchMissing(StoredObject o) {
        return catchMissing(() -> read(store, o));
    }

    static MissingChunkException catchMissing(Read r) {
        try {
            r.run();
        } catch (MissingChunkException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected MissingChunkException", e);
        }
        throw new AssertionError("expected MissingChunkException, the read succeeded");
    }

    static String objectIdOf(ObjectWriter w) {
        return w.objectId();
    }
}
