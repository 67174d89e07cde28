package org.edgecache.bench;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.edgecache.http.HttpFields;
import org.edgecache.store.EhcacheObjectStore;
import org.edgecache.store.Head;
import org.edgecache.store.MissingChunkException;
import org.edgecache.store.ObjectWriter;
import org.edgecache.store.StoreConfig;
import org.edgecache.store.StoredObject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The store on the hit path, heap tier only (the chunks of a hot object): the lookup of a key's alternates, the read
 * of a whole object chunk by chunk into a sink that consumes the bytes (the servlet output stream's place), and the
 * store writer of a small object (what a miss pays per object).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StoreBenchmark {
    @Param({"1024", "102400", "1048576"})
    public int size;

    private EhcacheObjectStore store;
    private StoredObject object;
    private byte[] body;
    private Head head;
    private Head unannounced;
    private long n;

    @Setup
    public void setUp() throws IOException {
        java.util.logging.Logger.getLogger("org.ehcache").setLevel(java.util.logging.Level.WARNING);
        java.util.logging.Logger.getLogger("org.edgecache").setLevel(java.util.logging.Level.WARNING);
        store = new EhcacheObjectStore(StoreConfig.defaults().withChunkHeapEntries(64));
        body = new byte[size];
        new java.util.Random(1).nextBytes(body);
        Instant t = Instant.parse("2026-11-22T07:00:00Z");
        head = Head.of(200, HttpFields.of("Content-Type", "application/octet-stream", "Content-Length",
                Integer.toString(size), "Cache-Control", "public, max-age=86400"), "", List.of(), t, t);
        unannounced = head.withResponseHeaders(head.responseHeaders().without("Content-Length"));
        try (ObjectWriter w = store.begin("/object", head)) {
            w.write(body, 0, body.length);
            w.commit(body.length, 5);
        }
        object = store.lookup("/object").get(0);
    }

    @TearDown
    public void tearDown() {
        store.close();
    }

    @Benchmark
    public List<StoredObject> lookup() {
        return store.lookup("/object");
    }

    @Benchmark
    public void readWholeObject(Blackhole bh) throws IOException, MissingChunkException {
        store.read(object, 0, object.length() - 1, (data, off, len) -> bh.consume(data[off + len - 1]));
    }

    /** A miss's store write, with the origin's Content-Length (the usual case). */
    @Benchmark
    public boolean writeSmallObject() throws IOException {
        return write(head);
    }

    /** The same without a Content-Length (a chunked origin response). */
    @Benchmark
    public boolean writeSmallObjectUnannounced() throws IOException {
        return write(unannounced);
    }

    private boolean write(Head h) throws IOException {
        if (size > 102400) {
            return true; // the writer of a large object is measured by the integration benchmarks
        }
        try (ObjectWriter w = store.begin("/w" + (n++ & 63), h)) {
            w.write(body, 0, body.length);
            return w.commit(body.length, 5);
        }
    }
}
