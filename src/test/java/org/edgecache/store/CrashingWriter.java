package org.edgecache.store;

import java.nio.file.Path;

/**
 * Child-JVM main for {@link PersistenceTest}: opens the store in the given directory, reports how many of the
 * cleanly stored objects it found, commits more objects, leaves one write half done, and halts without closing.
 */
public final class CrashingWriter {
    static final int HALT_STATUS = 37;

    private CrashingWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        EhcacheObjectStore store = new EhcacheObjectStore(PersistenceTest.config(dir));
        int restored = 0;
        for (int i = 0; i < count; i++) {
            if (!store.lookup(PersistenceTest.cleanKey(i)).isEmpty()) {
                restored++;
            }
        }
        System.out.println("RESTORED " + restored);
        for (int i = 0; i < count; i++) {
            Fixtures.put(store, PersistenceTest.crashKey(i), Fixtures.head("", i),
                    Fixtures.body(i, PersistenceTest.size(i)), 3);
        }
        ObjectWriter torn = store.begin(PersistenceTest.crashKey(count), Fixtures.head(""));
        byte[] half = Fixtures.body(99, 3 * PersistenceTest.P);
        torn.write(half, 0, half.length);
        System.out.println("HALTING");
        System.out.flush();
        Runtime.getRuntime().halt(HALT_STATUS);
    }
}
