package org.edgecache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.edgecache.store.Fixtures.body;
import static org.edgecache.store.Fixtures.head;
import static org.edgecache.store.Fixtures.put;
import static org.edgecache.store.Fixtures.read;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.edgecache.http.HttpFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What happens when the store is full or an object does not fit, and that memory stays bounded. */
class StoreLimitsTest {
    static final int CS = 1024;
    static final int P = CS - StoreConfig.CHUNK_RESERVE;

    @TempDir
    Path tmp;

    @Test
    void evictedHeadsFreeTheirChunks() throws Exception {
        try (EhcacheObjectStore store = new EhcacheObjectStore(
                Fixtures.heapOnly(CS, 10_000).withHeapEntries(3))) {
            List<StoredObject> all = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                try (ObjectWriter w = store.begin("k" + i, head(""))) {
                    w.write(body(i, 2 * P), 0, 2 * P);
                    assertThat(w.commit(2 * P, 3)).isTrue();
                    all.add(new StoredObject("k" + i, head("").withBody(w.objectId(), 2 * P, P)));
                }
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                StoreStats s = store.stats();
                assertThat(s.keys()).isLessThanOrEqualTo(3);
                assertThat(s.evicted()).isGreaterThanOrEqualTo(17);
                assertThat(s.objects()).isEqualTo(20 - s.evicted());
            });
            int listed = 0;
            for (StoredObject o : all) {
                if (store.lookup(o.key()).isEmpty()) {
                    assertThat(store.hasChunk(o.objectId(), 0)).as("chunks of evicted %s", o.key()).isFalse();
                    assertThat(store.hasChunk(o.objectId(), 1)).isFalse();
                } else {
                    listed++;
                    assertThat(read(store, o)).isEqualTo(body(Integer.parseInt(o.key().substring(1)), 2 * P));
                }
            }
            assertThat(listed).isEqualTo(store.stats().keys());
        }
    }

    @Test
    void objectLargerThanTheCacheIsNotCommitted() throws Exception {
        try (EhcacheObjectStore store = new EhcacheObjectStore(Fixtures.heapOnly(CS, 4))) {
            ObjectWriter w = store.begin("big", head(""));
            byte[] b = body(1, 10 * P);
            w.write(b, 0, b.length);
            assertThat(w.commit(b.length, 3)).as("early chunks were evicted while writing").isFalse();
            assertThat(store.lookup("big")).isEmpty();
            assertThat(store.stats().aborts()).isEqualTo(1);
            assertThat(store.stats().commits()).isZero();
            StoredObject fits = put(store, "fits", body(2, 3 * P));
            assertThat(read(store, fits)).isEqualTo(body(2, 3 * P));
        }
    }

    static Head withHeaderBytes(String variant, int bytes) {
        return head(variant).withResponseHeaders(HttpFields.of("Set-Cookie", "x".repeat(bytes)));
    }

    @Test
    void headTooLargeForAHeadsEntryIsNotCommitted() throws Exception {
        try (EhcacheObjectStore store = new EhcacheObjectStore(Fixtures.heapOnly(CS, 64))) {
            int max = store.config().maxHeadsEntryBytes();
            ObjectWriter w = store.begin("k", withHeaderBytes("", max));
            w.write(body(1, 2 * P), 0, 2 * P);
            assertThat(w.commit(2 * P, 3)).isFalse();
            assertThat(store.lookup("k")).isEmpty();
            assertThat(store.hasChunk(w.objectId(), 0)).isFalse();
            assertThat(store.stats().aborts()).isEqualTo(1);
        }
    }

    @Test
    void alternatesThatDoNotFitTogetherDropTheOldest() throws Exception {
        try (EhcacheObjectStore store = new EhcacheObjectStore(Fixtures.heapOnly(CS, 64))) {
            int third = store.config().maxHeadsEntryBytes() / 3;
            StoredObject a = put(store, "k", withHeaderBytes("a", third), body(1, 10), 5);
            put(store, "k", withHeaderBytes("b", third), body(2, 10), 5);
            put(store, "k", withHeaderBytes("c", third), body(3, 10), 5);
            assertThat(store.lookup("k")).extracting(o -> o.head().variantKey()).containsExactly("c", "b");
            assertThat(store.stats().replaced()).isEqualTo(1);

            StoredObject c = store.lookup("k").get(0);
            assertThat(store.updateHead("k", c.objectId(), withHeaderBytes("c", 2 * third))).isTrue();
            assertThat(store.lookup("k")).extracting(o -> o.head().variantKey()).containsExactly("c");
            assertThat(store.updateHead("k", c.objectId(), withHeaderBytes("c", 4 * third))).isFalse();
            assertThat(store.lookup("k").get(0).head().responseHeaders().get("set-cookie")).hasSize(2 * third);
            assertThat(store.hasChunk(a.objectId(), 0)).as("the dropped alternate's body is freed").isFalse();
        }
    }

    @Test
    void commitAfterTheStoreClosedIsRefused() throws Exception {
        EhcacheObjectStore store = new EhcacheObjectStore(Fixtures.heapOnly(CS, 16));
        ObjectWriter w = store.begin("k", head(""));
        store.close();
        assertThat(w.commit(0, 3)).isFalse();
    }

    @Test
    void headWithoutChunkSizeCannotBeRead() throws Exception {
        try (EhcacheObjectStore store = new EhcacheObjectStore(Fixtures.heapOnly(CS, 16))) {
            StoredObject forged = new StoredObject("k", head("").withBody("id", 10, 0));
            assertThatThrownBy(() -> read(store, forged)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void objectsFarLargerThanTheHeapStreamThroughIt() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(java, "-Xmx40m", "-XX:MaxDirectMemorySize=64m", "-cp", classpath,
                LargeObjectMain.class.getName(), tmp.resolve("big").toString(), "200")
                .redirectErrorStream(true)
                .start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("child output: %s", lines).isZero();
        assertThat(lines).anyMatch(l -> l.startsWith("OK " + (200L << 20) + " bytes"));
    }
}
