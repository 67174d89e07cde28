package org.edgecache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.edgecache.store.Fixtures.body;
import static org.edgecache.store.Fixtures.head;
import static org.edgecache.store.Fixtures.put;
import static org.edgecache.store.Fixtures.read;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Many readers and writers at once, on the same and on different keys. */
class ConcurrencyTest {
    static final int CS = 1024;

    @TempDir
    static Path tmp;

    final ExecutorService pool = Executors.newFixedThreadPool(16);
    EhcacheObjectStore store;

    static Stream<Arguments> layouts() {
        return Stream.of(Arguments.of("heap only"), Arguments.of("heap+offheap+disk"));
    }

    EhcacheObjectStore open(String layout) {
        StoreConfig c = layout.equals("heap only")
                ? Fixtures.heapOnly(CS, 4096)
                : Fixtures.tiered(tmp.resolve("store-" + System.nanoTime()), CS);
        store = new EhcacheObjectStore(c);
        return store;
    }

    @AfterEach
    void shutdown() throws Exception {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        if (store != null) {
            store.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void concurrentCommitsOfDifferentVariantsAreAllKept(String layout) throws Exception {
        open(layout);
        int threads = 16;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int me = t;
            done.add(pool.submit(() -> {
                start.await();
                for (int round = 0; round < 5; round++) {
                    int seed = me * 100 + round;
                    put(store, "shared", head("v" + me, seed), body(seed, 10 + round * 700 + me), 1000);
                    put(store, "own-" + me, head("", seed), body(seed, 300), 3);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        List<StoredObject> alts = store.lookup("shared");
        assertThat(alts).extracting(o -> o.head().variantKey()).hasSize(threads).doesNotHaveDuplicates();
        for (StoredObject o : alts) {
            int seed = Integer.parseInt(o.head().responseHeaders().get("X-Seed"));
            assertThat(seed % 100).as("each variant's last commit wins").isEqualTo(4);
            assertThat(read(store, o)).isEqualTo(body(seed, (int) o.length()));
        }
        StoreStats s = store.stats();
        assertThat(s.commits()).isEqualTo(threads * 10L);
        assertThat(s.objects()).isEqualTo(threads * 2L);
        assertThat(s.keys()).isEqualTo(threads + 1L);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void readersGetTheRightBytesOrAMissingChunkNeverWrongBytes(String layout) throws Exception {
        open(layout);
        String[] keys = {"a", "b", "c"};
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong goodReads = new AtomicLong();
        AtomicLong missing = new AtomicLong();
        AtomicLong commits = new AtomicLong();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            int me = w;
            tasks.add(() -> {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                for (int n = 0; !stop.get(); n++) {
                    int seed = me * 1_000_000 + n;
                    String key = keys[r.nextInt(keys.length)];
                    String variant = r.nextBoolean() ? "gzip" : "br";
                    try (ObjectWriter writer = store.begin(key, head(variant, seed))) {
                        byte[] b = body(seed, r.nextInt(5 * CS));
                        writer.write(b, 0, b.length);
                        boolean complete = r.nextInt(10) != 0;
                        if (writer.commit(complete ? b.length : b.length + 1, 2) != complete) {
                            throw new AssertionError("commit result must follow the length check");
                        }
                        if (complete) {
                            commits.incrementAndGet();
                        }
                    }
                    if (r.nextInt(50) == 0) {
                        store.remove(key);
                    }
                }
                return null;
            });
        }
        for (int rd = 0; rd < 8; rd++) {
            tasks.add(() -> {
                ThreadLocalRandom r = ThreadLocalRandom.current();
                while (!stop.get()) {
                    for (StoredObject o : store.lookup(keys[r.nextInt(keys.length)])) {
                        int seed = Integer.parseInt(o.head().responseHeaders().get("X-Seed"));
                        byte[] expected = body(seed, (int) o.length());
                        long from = o.length() == 0 ? 0 : r.nextLong(o.length());
                        long to = o.length() == 0 ? -1 : from + r.nextLong(o.length() - from);
                        try {
                            byte[] got = read(store, o, from, to);
                            assertThat(got).isEqualTo(Arrays.copyOfRange(expected, (int) from, (int) to + 1));
                            goodReads.incrementAndGet();
                        } catch (MissingChunkException e) {
                            missing.incrementAndGet();
                        }
                    }
                }
                return null;
            });
        }
        List<Future<Void>> futures = new ArrayList<>();
        for (Callable<Void> t : tasks) {
            futures.add(pool.submit(t));
        }
        // let the race run until it has done real work on every side, then stop it
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .pollInterval(java.time.Duration.ofMillis(20))
                .until(() -> goodReads.get() >= 200 && commits.get() >= 50 && missing.get() + goodReads.get() >= 250);
        stop.set(true);
        for (Future<Void> f : futures) {
            f.get(30, TimeUnit.SECONDS);
        }
        assertThat(goodReads.get()).isPositive();
        assertThat(commits.get()).isPositive();
        assertThat(store.stats().readErrors()).isEqualTo(missing.get());
        for (String key : keys) {
            List<StoredObject> alts = store.lookup(key);
            assertThat(alts.size()).isLessThanOrEqualTo(2);
            assertThat(alts).extracting(o -> o.head().variantKey()).doesNotHaveDuplicates();
            for (StoredObject o : alts) {
                int seed = Integer.parseInt(o.head().responseHeaders().get("X-Seed"));
                assertThat(read(store, o)).isEqualTo(body(seed, (int) o.length()));
            }
        }
    }
}
