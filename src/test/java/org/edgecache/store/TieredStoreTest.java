package org.edgecache.store;

import java.nio.file.Path;

/** The contract over heap + off-heap + persistent disk (heap tiers tiny, so most reads come from below). */
class TieredStoreTest extends ObjectStoreContractTest {
    @Override
    StoreConfig config(Path dir) {
        return Fixtures.tiered(dir, CS);
    }
}
