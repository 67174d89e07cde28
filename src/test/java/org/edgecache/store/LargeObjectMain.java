package org.edgecache.store;

import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Child-JVM main for {@link StoreLimitsTest}: run with a small -Xmx, streams an object many times larger than
 * the heap into a store with off-heap and disk tiers, reads it back chunk by chunk and checks every byte.
 */
public final class LargeObjectMain {
    private LargeObjectMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int mib = Integer.parseInt(args[1]);
        StoreConfig config = StoreConfig.defaults().withChunkHeapEntries(2).withOffheap(16L << 20)
                .withPersistence(dir, (mib + 64L) << 20);
        long length = (long) mib << 20;
        try (EhcacheObjectStore store = new EhcacheObjectStore(config)) {
            byte[] piece = new byte[64 * 1024 + 7];
            CRC32C written = new CRC32C();
            try (ObjectWriter w = store.begin("big", Fixtures.head(""))) {
                long at = 0;
                while (at < length) {
                    int n = (int) Math.min(piece.length, length - at);
                    fill(piece, at, n);
                    w.write(piece, 0, n);
                    written.update(piece, 0, n);
                    at += n;
                }
                if (!w.commit(length, 3)) {
                    throw new AssertionError("commit refused");
                }
            }
            StoredObject o = store.lookup("big").get(0);
            CRC32C read = new CRC32C();
            long[] count = {0};
            store.read(o, (b, off, n) -> {
                read.update(b, off, n);
                count[0] += n;
            });
            if (count[0] != length || read.getValue() != written.getValue()) {
                throw new AssertionError("read back " + count[0] + " bytes, checksum mismatch");
            }
            Runtime rt = Runtime.getRuntime();
            System.out.println("OK " + length + " bytes through a heap of " + rt.maxMemory());
        }
    }

    private static void fill(byte[] b, long offset, int n) {
        for (int i = 0; i < n; i++) {
            long x = offset + i;
            b[i] = (byte) (x ^ (x >>> 9) ^ (x >>> 17));
        }
    }
}
