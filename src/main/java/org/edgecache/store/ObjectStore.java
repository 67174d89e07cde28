package org.edgecache.store;

import java.io.IOException;
import java.util.List;

/**
 * The cache's object store. An object is a small {@link Head} plus a body kept in fixed-size chunks. Per
 * cache key there may be several alternates (variants), told apart by {@link Head#variantKey()}.
 *
 * <p>Thread-safe. Corrupt or missing data is never served: corrupt heads read as absent, and a chunk that is
 * missing or fails its check ends a read with {@link MissingChunkException}.
 */
public interface ObjectStore extends AutoCloseable {

    /**
     * Committed alternates for a cache key, most recently stored first (pinned ones, most recent first, before
     * the others); at most one per variantKey; empty when none. Never throws for corrupt data: corrupt entries are
     * removed and reported as absent.
     */
    List<StoredObject> lookup(String key);

    /** Starts writing a new object. Nothing is visible to {@link #lookup} until commit. */
    ObjectWriter begin(String key, Head head);

    /**
     * Replaces the head of a committed object (304 freshening), keeping its body: the stored objectId, length
     * and chunk size win over those in {@code newHead}. The updated alternate becomes the most recent one; if its
     * variantKey changed to that of another alternate, that other one is dropped.
     *
     * @return false if the object is gone, or the new head is too large to store (the old one then stays)
     */
    boolean updateHead(String key, String objectId, Head newHead);

    /** Removes every alternate of the key (and their chunks). Returns whether anything was there. */
    boolean remove(String key);

    /** Removes one alternate (and its chunks). Returns whether it was there. */
    boolean remove(String key, String objectId);

    /**
     * Reads body bytes {@code [from, toInclusive]} of a committed object, chunk by chunk, into the sink. An empty
     * range ({@code from == toInclusive + 1}) reads nothing.
     *
     * @throws IllegalArgumentException if the range is outside {@code [0, length)}
     * @throws IOException if the sink throws
     * @throws MissingChunkException if a chunk is missing or corrupt; bytes before its offset were delivered
     */
    void read(StoredObject object, long from, long toInclusive, ChunkSink sink)
            throws IOException, MissingChunkException;

    /** Reads the whole body. */
    default void read(StoredObject object, ChunkSink sink) throws IOException, MissingChunkException {
        read(object, 0, object.length() - 1, sink);
    }

    StoreStats stats();

    /** Which node leads the origin fetch of a key when several nodes share the store; single node: always this. */
    default FetchLeases fetchLeases() {
        return FetchLeases.NODE_LOCAL;
    }

    /**
     * Calls {@code action} once for every cache key with at least one committed alternate (ordinary or pinned), in
     * no particular order; keys stored or removed meanwhile may or may not be seen. For the cache inspector.
     */
    void forEachKey(java.util.function.Consumer<String> action);

    /**
     * Which chunks of a committed object's body are in the store now: bit {@code i} is set when chunk {@code i} is
     * present (its checksum is not verified). Length {@link Head#chunkCount()}. For the cache inspector.
     */
    java.util.BitSet chunksPresent(StoredObject object);

    /** Clean close: the persistent tier survives a restart only if this is called. Idempotent. */
    @Override
    void close();
}
