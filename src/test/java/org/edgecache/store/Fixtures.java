package org.edgecache.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.edgecache.http.HttpFields;

/** Shared test data and helpers. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2026-01-02T03:04:05.123456789Z");

    /** Ehcache and the store log every open and close at INFO; tests keep warnings only (strong refs: JUL). */
    private static final List<java.util.logging.Logger> QUIET = List.of(
            java.util.logging.Logger.getLogger("org.ehcache"),
            java.util.logging.Logger.getLogger("org.edgecache.store"));

    static {
        QUIET.forEach(l -> l.setLevel(java.util.logging.Level.WARNING));
    }

    private Fixtures() {
    }

    /** Deterministic, seed-dependent body bytes (no period that lines up with chunk sizes). */
    static byte[] body(int seed, int length) {
        byte[] b = new byte[length];
        long x = seed * 0x9E3779B97F4A7C15L + 1;
        for (int i = 0; i < length; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            b[i] = (byte) x;
        }
        return b;
    }

    static Head head(String variantKey) {
        return Head.of(200, HttpFields.of("Content-Type", "text/plain", "Cache-Control", "max-age=60"), variantKey,
                variantKey.isEmpty() ? List.of() : List.of("accept-encoding"), T0, T0.plusMillis(5));
    }

    static Head head(String variantKey, int seed) {
        Head h = head(variantKey);
        return h.withResponseHeaders(h.responseHeaders().with("X-Seed", Integer.toString(seed)));
    }

    /** Writes the body in uneven pieces and commits with its exact length. */
    static StoredObject put(ObjectStore store, String key, Head head, byte[] body, int maxAlternates)
            throws IOException {
        try (ObjectWriter w = store.begin(key, head)) {
            int step = 1;
            for (int off = 0; off < body.length; ) {
                int n = Math.min(step, body.length - off);
                w.write(body, off, n);
                off += n;
                step = step * 3 + 1;
            }
            if (!w.commit(body.length, maxAlternates)) {
                throw new AssertionError("commit refused for " + key);
            }
        }
        return store.lookup(key).stream().filter(o -> o.head().variantKey().equals(head.variantKey())).findFirst()
                .orElseThrow();
    }

    static StoredObject put(ObjectStore store, String key, byte[] body) throws IOException {
        return put(store, key, head(""), body, 3);
    }

    static byte[] read(ObjectStore store, StoredObject o) throws IOException, MissingChunkException {
        return read(store, o, 0, o.length() - 1);
    }

    static byte[] read(ObjectStore store, StoredObject o, long from, long to)
            throws IOException, MissingChunkException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.read(o, from, to, out::write);
        return out.toByteArray();
    }

    static byte[] slice(byte[] b, long from, long to) {
        return Arrays.copyOfRange(b, (int) from, (int) to + 1);
    }

    /** Heap, off-heap and a persistent disk tier, sized for small test chunks. */
    static StoreConfig tiered(Path dir, int chunkSize) {
        return StoreConfig.defaults().withChunkSize(chunkSize).withHeapEntries(100).withChunkHeapEntries(4)
                .withOffheap(1 << 20).withPersistence(dir, 16 << 20);
    }

    static StoreConfig heapOnly(int chunkSize, int chunkEntries) {
        return StoreConfig.defaults().withChunkSize(chunkSize).withHeapEntries(1000).withChunkHeapEntries(chunkEntries);
    }
}
