package org.edgecache.store;

import java.nio.file.Path;

/** The contract over a heap-only store (no directory, no off-heap). */
class HeapOnlyStoreTest extends ObjectStoreContractTest {
    @Override
    StoreConfig config(Path dir) {
        return Fixtures.heapOnly(CS, 64);
    }
}
