/**
 * The object store: the layer below policy and above Ehcache. No servlet types.
 *
 * <p>An object is a small {@link org.edgecache.store.Head} plus a body in fixed-size chunks. Per cache key
 * there are up to {@code maxAlternates} alternates, told apart by {@code Head.variantKey}. Writers buffer one
 * chunk at a time and commit by writing the head last; readers go chunk by chunk. What the store guarantees:
 * <ul>
 * <li>nothing partial is ever visible: an object is listed only after all its chunks were stored;</li>
 * <li>nothing wrong is ever served: heads carry a CRC32 (a bad one reads as absent and is removed), chunks carry
 * a CRC32C and are length-checked; a missing or bad chunk ends a read with
 * {@link org.edgecache.store.MissingChunkException} at a known offset;</li>
 * <li>concurrent commits to one key never lose each other (compare-and-swap on the key's alternates);</li>
 * <li>the persistent tier survives a clean {@code close()}; after a crash Ehcache wipes it and the store opens
 * empty. One directory per running instance;</li>
 * <li>a pinned object (cache.config {@code pin-in-cache}: a head with {@code pinnedUntil}) lives in a pool of its
 * own that ordinary objects cannot evict, while the pool has room for it and until its pin ends.</li>
 * </ul>
 * {@link org.edgecache.store.StoreConfig} reads the {@code edgecache.store.*} context-params.
 */
package org.edgecache.store;
