package org.edgecache.store;

import java.io.IOException;

/**
 * Writes one new object's body. Not visible to {@link ObjectStore#lookup} until {@link #commit}. Meant for one
 * writing thread; {@link #abort()} may be called from any thread.
 */
public interface ObjectWriter extends AutoCloseable {

    /**
     * Appends body bytes. Buffers at most one chunk and stores each chunk as soon as it is full.
     *
     * @throws IOException if the writer was already committed or aborted, or the store is closed
     */
    void write(byte[] b, int off, int len) throws IOException;

    /** The id the object has once committed (its chunks are stored under it as they are written). */
    String objectId();

    /** Body bytes written so far. */
    long written();

    /** Body bytes already stored in whole chunks, readable before the commit (read-while-writer). */
    long storedBytes();

    /** The body bytes each chunk holds. */
    int chunkSize();

    /**
     * Commits only if the total written equals {@code expectedLength} ({@code expectedLength < 0} means unknown:
     * whatever was written), every chunk is still in the cache, the store is open and the head fits in a heads
     * entry ({@link StoreConfig#maxHeadsEntryBytes()}); otherwise aborts and returns false. The head is written
     * last: it is the commit point. Replaces the key's alternate with the same variantKey, drops the oldest
     * alternates beyond {@code maxAlternates} (or beyond what fits in the entry), and then frees the chunks of the
     * replaced and dropped ones.
     *
     * @return true if the object is now visible to lookup
     * @throws IllegalArgumentException if maxAlternates &lt; 1
     * @throws IllegalStateException if already committed
     */
    boolean commit(long expectedLength, int maxAlternates);

    /** Removes the chunks written so far. Idempotent; a no-op after a commit. */
    void abort();

    /** Same as {@link #abort()} unless committed. */
    @Override
    void close();
}
