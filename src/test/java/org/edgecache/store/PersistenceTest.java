package org.edgecache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.edgecache.store.Fixtures.body;
import static org.edgecache.store.Fixtures.head;
import static org.edgecache.store.Fixtures.put;
import static org.edgecache.store.Fixtures.read;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The persistent tier: clean restarts, corruption on disk, directory locking, and crashes. */
class PersistenceTest {
    static final int CS = 4096;
    static final int P = CS - StoreConfig.CHUNK_RESERVE;

    @TempDir
    Path tmp;

    static StoreConfig config(Path dir) {
        return Fixtures.tiered(dir, CS);
    }

    static String cleanKey(int i) {
        return "http://origin/clean/" + i;
    }

    static String crashKey(int i) {
        return "http://origin/crash/" + i;
    }

    /** Sizes that hit the edge cases: empty, one byte, exact chunks, chunks plus one. */
    static int size(int i) {
        int[] sizes = {0, 1, P, 3 * P, 3 * P + 1, 10_000, 2 * P - 1};
        return sizes[i % sizes.length];
    }

    Path dir() {
        return tmp.resolve("store");
    }

    @Test
    void cleanCloseKeepsCommittedObjectsByteForByte() throws Exception {
        Map<String, List<StoredObject>> before = new HashMap<>();
        Map<String, byte[]> bodies = new HashMap<>();
        try (EhcacheObjectStore store = new EhcacheObjectStore(config(dir()))) {
            for (int i = 0; i < 7; i++) {
                bodies.put(cleanKey(i), body(i, size(i)));
                put(store, cleanKey(i), head("", i), bodies.get(cleanKey(i)), 3);
            }
            put(store, "alt", head("gzip").withPinnedUntil(Instant.parse("2030-01-01T00:00:00Z")), body(50, 5000), 3);
            put(store, "alt", head("br"), body(51, 6000), 3);
            ObjectWriter unfinished = store.begin("unfinished", head(""));
            unfinished.write(body(52, P), 0, P);
            for (String k : List.of(cleanKey(0), cleanKey(4), cleanKey(5), "alt")) {
                before.put(k, store.lookup(k));
            }
            for (int i = 0; i < 7; i++) {
                before.put(cleanKey(i), store.lookup(cleanKey(i)));
            }
        }
        try (EhcacheObjectStore store = new EhcacheObjectStore(config(dir()))) {
            for (Map.Entry<String, List<StoredObject>> e : before.entrySet()) {
                assertThat(store.lookup(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
            }
            for (int i = 0; i < 7; i++) {
                StoredObject o = store.lookup(cleanKey(i)).get(0);
                assertThat(read(store, o)).as(cleanKey(i)).isEqualTo(bodies.get(cleanKey(i)));
            }
            List<StoredObject> alt = store.lookup("alt");
            // the pinned alternate lives in the pinned pool, listed before the ordinary ones
            StoredObject gzip = alt.stream().filter(o -> o.head().variantKey().equals("gzip")).findFirst().orElseThrow();
            StoredObject br = alt.stream().filter(o -> o.head().variantKey().equals("br")).findFirst().orElseThrow();
            assertThat(gzip.head().pinnedUntil()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
            assertThat(br.head().pinnedUntil()).isNull();
            assertThat(read(store, br)).isEqualTo(body(51, 6000));
            assertThat(read(store, gzip)).isEqualTo(body(50, 5000));
            assertThat(store.lookup("unfinished")).isEmpty();
            StoreStats s = store.stats();
            assertThat(s.keys()).isEqualTo(8);
            assertThat(s.objects()).isEqualTo(9);
            long total = 11_000;
            for (byte[] b : bodies.values()) {
                total += b.length;
            }
            assertThat(s.bytes()).isEqualTo(total);
            assertThat(s.tiers()).filteredOn(t -> t.tier().equals("Disk")).hasSize(4);
            assertThat(s.pinnedObjects()).isEqualTo(1);
        }
    }

    @Test
    void objectsStayReadableAfterTheChunkSizeChanges() throws Exception {
        byte[] b = body(3, 5 * P + 11);
        try (EhcacheObjectStore store = new EhcacheObjectStore(config(dir()))) {
            put(store, "k", b);
        }
        try (EhcacheObjectStore store = new EhcacheObjectStore(config(dir()).withChunkSize(2 * CS))) {
            StoredObject old = store.lookup("k").get(0);
            assertThat(old.head().chunkSize()).isEqualTo(P);
            assertThat(read(store, old)).isEqualTo(b);
            assertThat(read(store, old, P - 1, 3 * P)).isEqualTo(Fixtures.slice(b, P - 1, 3 * P));
            StoredObject fresh = put(store, "new", b);
            assertThat(fresh.head().chunkSize()).isEqualTo(2 * CS - StoreConfig.CHUNK_RESERVE);
            assertThat(read(store, fresh)).isEqualTo(b);
        }
    }

    @Test
    void corruptHeadOnDiskIsDroppedWhenTheStoreOpens() throws Exception {
        try (EhcacheObjectStore store = new EhcacheObjectStore(config(dir()))) {
            put(store, "good", body(1, 10_000));
            put(store, "bad", body(2, 10_000));
            byte[] raw = store.headsEntryBytes("bad");
            raw[7] ^= 1;
            store.putHeadsEntryBytes("bad", raw);
        }
        try (EhcacheObjectStore store = new EhcacheObjectStore(config(dir()))) {
            assertThat(store.stats().corruptHeads()).isEqualTo(1);
            assertThat(store.stats().keys()).isEqualTo(1);
            assertThat(store.lookup("bad")).isEmpty();
            assertThat(read(store, store.lookup("good").get(0))).isEqualTo(body(1, 10_000));
        }
    }

    @Test
    void oneDirectoryPerRunningInstance() throws Exception {
        try (EhcacheObjectStore first = new EhcacheObjectStore(config(dir()))) {
            put(first, "k", body(1, 100));
            assertThatThrownBy(() -> new EhcacheObjectStore(config(dir())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("edgecache.store.directory")
                    .hasMessageContaining(dir().toString())
                    .hasMessageContaining("one directory per running instance");
            assertThat(first.lookup("k")).hasSize(1);
        }
        try (EhcacheObjectStore again = new EhcacheObjectStore(config(dir()))) {
            assertThat(again.lookup("k")).hasSize(1);
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void afterACrashTheStoreOpensEmptyOrValidNeverTorn() throws Exception {
        int count = 5;
        try (EhcacheObjectStore store = new EhcacheObjectStore(config(dir()))) {
            for (int i = 0; i < count; i++) {
                put(store, cleanKey(i), head("", i), body(i, size(i)), 3);
            }
        }

        List<String> output = runCrashingWriter(count);
        assertThat(output).contains("RESTORED " + count, "HALTING");

        try (EhcacheObjectStore store = new EhcacheObjectStore(config(dir()))) {
            List<String> keys = new ArrayList<>();
            for (int i = 0; i <= count; i++) {
                keys.add(cleanKey(i));
                keys.add(crashKey(i));
            }
            int found = 0;
            for (String key : keys) {
                for (StoredObject o : store.lookup(key)) {
                    found++;
                    int seed = Integer.parseInt(o.head().responseHeaders().get("X-Seed"));
                    assertThat(read(store, o)).as(key).isEqualTo(body(seed, (int) o.length()));
                }
            }
            // Ehcache's open-source disk tier wipes the directory after an unclean end: expect empty.
            assertThat(found).isEqualTo(store.stats().objects());
            assertThat(store.lookup(crashKey(count))).as("the torn write").isEmpty();
            StoredObject fresh = put(store, "after-crash", body(7, 3 * P + 1));
            assertThat(read(store, fresh)).isEqualTo(body(7, 3 * P + 1));
        }
    }

    private List<String> runCrashingWriter(int count) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(java, "-Xmx128m", "-cp", classpath, CrashingWriter.class.getName(),
                dir().toString(), Integer.toString(count))
                .redirectErrorStream(true)
                .start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        }
        assertThat(child.waitFor(15, TimeUnit.SECONDS)).as("child exited").isTrue();
        assertThat(child.exitValue()).as("child halted: %s", lines).isEqualTo(CrashingWriter.HALT_STATUS);
        return lines;
    }
}
