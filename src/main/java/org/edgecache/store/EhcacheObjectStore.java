package org.edgecache.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.CRC32C;
import org.ehcache.Cache;
import org.ehcache.CacheManager;
import org.ehcache.StateTransitionException;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheEventListenerConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.EntryUnit;
import org.ehcache.config.units.MemoryUnit;
import org.ehcache.core.internal.statistics.DefaultStatisticsService;
import org.ehcache.core.spi.service.StatisticsService;
import org.ehcache.core.statistics.TierStatistics;
import org.ehcache.event.CacheEvent;
import org.ehcache.event.CacheEventListener;
import org.ehcache.event.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ObjectStore} over two Ehcache 3 caches:
 * <ul>
 * <li>{@code heads}: cache key → the key's alternates ({@link HeadsEntry}, written with {@link HeadCodec}: magic,
 * version, CRC32); heap, plus disk when persistent;</li>
 * <li>{@code chunks}: {@code objectId#index} → chunk bytes followed by their CRC32C; heap, optional off-heap,
 * optional disk. A chunk holds {@link StoreConfig#chunkPayload()} body bytes, so that the whole entry stays
 * within the configured chunk size (Ehcache drops oversize values silently and rounds disk entries up to a
 * power of two).</li>
 * </ul>
 * Object ids are random (128 bits), so a chunk key is never reused by another object. Alternates are updated
 * with compare-and-swap loops on the heads entry ({@code putIfAbsent}, {@code replace(k, old, new)},
 * {@code remove(k, old)}), so concurrent commits to one key never lose each other. Chunks of a replaced or
 * removed object are freed after the heads entry no longer lists it; a reader still holding the old object then
 * gets {@link MissingChunkException}.
 *
 * <p>Ehcache's open-source disk tier survives a clean {@link #close()} only: after a crash the next open finds
 * the directory wiped (empty, never torn). One directory per running instance; a second opener fails.
 */
public final class EhcacheObjectStore implements ObjectStore {
    private static final Logger LOG = LoggerFactory.getLogger(EhcacheObjectStore.class);

    static final String HEADS = "heads";
    static final String CHUNKS = "chunks";
    /** Every chunk value ends with the CRC32C of its data. */
    static final int CHUNK_TRAILER = 4;

    private static final SecureRandom IDS = new SecureRandom();

    private final StoreConfig config;
    private final CacheManager manager;
    private final StatisticsService statistics;
    private final Cache<String, HeadsEntry> heads;
    private final Cache<String, byte[]> chunks;
    private final AtomicBoolean closed = new AtomicBoolean();

    private final AtomicLong keys = new AtomicLong();
    private final AtomicLong objects = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final LongAdder writesStarted = new LongAdder();
    private final LongAdder commits = new LongAdder();
    private final LongAdder aborts = new LongAdder();
    private final LongAdder removes = new LongAdder();
    private final LongAdder replaced = new LongAdder();
    private final LongAdder evicted = new LongAdder();
    private final LongAdder headUpdates = new LongAdder();
    private final LongAdder readErrors = new LongAdder();
    private final LongAdder corruptHeads = new LongAdder();

    /**
     * Opens the store, restoring the persistent tier if the directory holds a cleanly closed one.
     *
     * @throws IllegalArgumentException for a bad config (naming the parameter)
     * @throws IllegalStateException if the directory is in use by another open store, or cannot be opened
     */
    public EhcacheObjectStore(StoreConfig config) {
        this.config = Objects.requireNonNull(config, "config").validate();
        this.statistics = new DefaultStatisticsService();
        Path dir = config.directory();
        CacheManagerBuilder<? extends CacheManager> builder;
        if (dir == null) {
            builder = withCaches(CacheManagerBuilder.newCacheManagerBuilder().using(statistics));
        } else {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new IllegalArgumentException(StoreConfig.PARAM_DIRECTORY + "=" + dir
                        + " cannot be created: " + e, e);
            }
            builder = withCaches(CacheManagerBuilder.newCacheManagerBuilder().using(statistics)
                    .with(CacheManagerBuilder.persistence(dir.toFile())));
        }
        CacheManager cm = builder.build(false);
        try {
            cm.init();
        } catch (StateTransitionException e) {
            throw openFailure(dir, e);
        }
        this.manager = cm;
        this.heads = cm.getCache(HEADS, String.class, HeadsEntry.class);
        this.chunks = cm.getCache(CHUNKS, String.class, byte[].class);
        recount();
        LOG.info("object store open: {} keys, {} objects, {} bytes ({})", keys.get(), objects.get(), bytes.get(),
                dir == null ? "no persistent tier" : "persistent tier in " + dir);
    }

    private <T extends CacheManager> CacheManagerBuilder<T> withCaches(CacheManagerBuilder<T> builder) {
        ResourcePoolsBuilder headPools = ResourcePoolsBuilder.newResourcePoolsBuilder()
                .heap(config.heapEntries(), EntryUnit.ENTRIES);
        ResourcePoolsBuilder chunkPools = ResourcePoolsBuilder.newResourcePoolsBuilder()
                .heap(config.chunkHeapEntries(), EntryUnit.ENTRIES);
        if (config.offheapBytes() > 0) {
            chunkPools = chunkPools.offheap(config.offheapBytes(), MemoryUnit.B);
        }
        if (config.diskBytes() > 0) {
            headPools = headPools.disk(config.headsDiskBytes(), MemoryUnit.B, true);
            chunkPools = chunkPools.disk(config.chunksDiskBytes(), MemoryUnit.B, true);
        }
        return builder
                .withCache(HEADS, CacheConfigurationBuilder
                        .newCacheConfigurationBuilder(String.class, HeadsEntry.class, headPools)
                        .withValueSerializer(new HeadsSerializer())
                        .withService(CacheEventListenerConfigurationBuilder
                                .newEventListenerConfiguration(new HeadsEvictionListener(), EventType.EVICTED)
                                .unordered().asynchronous()
                                .build()))
                .withCache(CHUNKS, CacheConfigurationBuilder
                        .newCacheConfigurationBuilder(String.class, byte[].class, chunkPools));
    }

    private static IllegalStateException openFailure(Path dir, StateTransitionException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("locked") || t instanceof java.nio.channels.OverlappingFileLockException) {
                return new IllegalStateException(StoreConfig.PARAM_DIRECTORY + "=" + dir
                        + " is in use by another open store (in this or another process): use one directory per"
                        + " running instance", e);
            }
        }
        return new IllegalStateException("cannot open the object store"
                + (dir == null ? "" : " in " + StoreConfig.PARAM_DIRECTORY + "=" + dir) + ": " + e.getMessage(), e);
    }

    /** Counts what a restored persistent tier holds, removing entries that do not decode. */
    private void recount() {
        List<Map.Entry<String, HeadsEntry>> corrupt = new ArrayList<>();
        for (Cache.Entry<String, HeadsEntry> e : heads) {
            if (e.getValue() instanceof HeadsEntry.Alternates a) {
                keys.incrementAndGet();
                for (Head h : a.heads()) {
                    objects.incrementAndGet();
                    bytes.addAndGet(h.length());
                }
            } else {
                corrupt.add(Map.entry(e.getKey(), e.getValue()));
            }
        }
        for (Map.Entry<String, HeadsEntry> e : corrupt) {
            dropUndecodable(e.getKey(), (HeadsEntry.Undecodable) e.getValue());
        }
    }

    // ---- lookup and alternates ------------------------------------------------------------------------------

    @Override
    public List<StoredObject> lookup(String key) {
        Objects.requireNonNull(key, "key");
        requireOpen();
        HeadsEntry entry = heads.get(key);
        if (entry instanceof HeadsEntry.Alternates a) {
            List<StoredObject> out = new ArrayList<>(a.heads().size());
            for (Head h : a.heads()) {
                out.add(new StoredObject(key, h));
            }
            return Collections.unmodifiableList(out);
        }
        if (entry instanceof HeadsEntry.Undecodable u) {
            dropUndecodable(key, u);
        }
        return List.of();
    }

    private void dropUndecodable(String key, HeadsEntry.Undecodable u) {
        if (heads.remove(key, u)) {
            corruptHeads.increment();
            LOG.warn("removed the corrupt head entry of {}: {}", key, u.reason());
        }
    }

    @Override
    public ObjectWriter begin(String key, Head head) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(head, "head");
        requireOpen();
        writesStarted.increment();
        return new Writer(key, head, newObjectId(), config.chunkPayload());
    }

    @Override
    public boolean updateHead(String key, String objectId, Head newHead) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(objectId, "objectId");
        Objects.requireNonNull(newHead, "newHead");
        requireOpen();
        while (true) {
            HeadsEntry current = heads.get(key);
            if (!(current instanceof HeadsEntry.Alternates a)) {
                if (current instanceof HeadsEntry.Undecodable u) {
                    dropUndecodable(key, u);
                }
                return false;
            }
            Head old = find(a.heads(), objectId);
            if (old == null) {
                return false;
            }
            Head updated = newHead.withBody(old.objectId(), old.length(), old.chunkSize());
            List<Head> displaced = new ArrayList<>();
            List<Head> next = new ArrayList<>();
            next.add(updated);
            for (Head h : a.heads()) {
                if (h == old) {
                    continue;
                }
                if (h.variantKey().equals(updated.variantKey())) {
                    displaced.add(h);
                } else {
                    next.add(h);
                }
            }
            if (!fitInOneEntry(key, next, displaced)) {
                return false;
            }
            if (swap(key, current, next)) {
                headUpdates.increment();
                replaced.add(displaced.size());
                forget(displaced);
                return true;
            }
        }
    }

    @Override
    public boolean remove(String key) {
        Objects.requireNonNull(key, "key");
        requireOpen();
        while (true) {
            HeadsEntry current = heads.get(key);
            if (current == null) {
                return false;
            }
            if (current instanceof HeadsEntry.Undecodable u) {
                dropUndecodable(key, u);
                return true;
            }
            if (heads.remove(key, current)) {
                List<Head> gone = ((HeadsEntry.Alternates) current).heads();
                keys.decrementAndGet();
                removes.add(gone.size());
                forget(gone);
                return true;
            }
        }
    }

    @Override
    public boolean remove(String key, String objectId) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(objectId, "objectId");
        requireOpen();
        while (true) {
            HeadsEntry current = heads.get(key);
            if (!(current instanceof HeadsEntry.Alternates a)) {
                if (current instanceof HeadsEntry.Undecodable u) {
                    dropUndecodable(key, u);
                }
                return false;
            }
            Head target = find(a.heads(), objectId);
            if (target == null) {
                return false;
            }
            List<Head> next = new ArrayList<>(a.heads());
            next.remove(target);
            if (swap(key, current, next)) {
                if (next.isEmpty()) {
                    keys.decrementAndGet();
                }
                removes.increment();
                forget(List.of(target));
                return true;
            }
        }
    }

    /**
     * Publishes a committed head; returns after the chunks of the alternates it displaced are freed. Returns false
     * (publishing nothing) if the head alone is too large for a heads entry.
     */
    private boolean publish(String key, Head head, int maxAlternates, Runnable onPublished) {
        while (true) {
            HeadsEntry current = heads.get(key);
            List<Head> existing = current instanceof HeadsEntry.Alternates a ? a.heads() : List.of();
            List<Head> displaced = new ArrayList<>();
            List<Head> next = new ArrayList<>(Math.min(existing.size() + 1, maxAlternates + 1));
            next.add(head);
            for (Head h : existing) {
                if (h.variantKey().equals(head.variantKey())) {
                    displaced.add(h);
                } else {
                    next.add(h);
                }
            }
            while (next.size() > maxAlternates) {
                displaced.add(next.remove(next.size() - 1));
            }
            if (!fitInOneEntry(key, next, displaced)) {
                return false;
            }
            if (swap(key, current, next)) {
                onPublished.run();
                if (current instanceof HeadsEntry.Undecodable u) {
                    corruptHeads.increment();
                    LOG.warn("replaced the corrupt head entry of {}: {}", key, u.reason());
                }
                if (!(current instanceof HeadsEntry.Alternates)) {
                    keys.incrementAndGet();
                }
                objects.incrementAndGet();
                bytes.addAndGet(head.length());
                replaced.add(displaced.size());
                forget(displaced);
                return true;
            }
        }
    }

    /**
     * Drops the oldest alternates (into {@code displaced}) until the entry fits {@link
     * StoreConfig#maxHeadsEntryBytes()}; false if even the first head alone does not fit.
     */
    private boolean fitInOneEntry(String key, List<Head> next, List<Head> displaced) {
        int max = config.maxHeadsEntryBytes();
        int size = HeadCodec.encodedSize(next);
        while (size > max && next.size() > 1) {
            displaced.add(next.remove(next.size() - 1));
            size = HeadCodec.encodedSize(next);
        }
        if (size > max) {
            LOG.warn("not storing the head of {}: {} bytes encoded, more than the {} a heads entry may take", key,
                    size, max);
            return false;
        }
        return true;
    }

    /** One compare-and-swap of a key's heads entry; an empty list removes it. */
    private boolean swap(String key, HeadsEntry expected, List<Head> next) {
        if (expected == null) {
            return next.isEmpty() || heads.putIfAbsent(key, new HeadsEntry.Alternates(next)) == null;
        }
        if (next.isEmpty()) {
            return heads.remove(key, expected);
        }
        return heads.replace(key, expected, new HeadsEntry.Alternates(next));
    }

    /** Accounts for alternates no longer listed and frees their chunks. */
    private void forget(List<Head> gone) {
        for (Head h : gone) {
            objects.decrementAndGet();
            bytes.addAndGet(-h.length());
            freeChunks(h.objectId(), h.chunkCount());
        }
    }

    private void freeChunks(String objectId, long count) {
        for (long i = 0; i < count; i++) {
            chunks.remove(chunkKey(objectId, i));
        }
    }

    private static Head find(List<Head> list, String objectId) {
        for (Head h : list) {
            if (objectId.equals(h.objectId())) {
                return h;
            }
        }
        return null;
    }

    /** Frees the chunks of alternates whose heads entry Ehcache evicted. */
    private final class HeadsEvictionListener implements CacheEventListener<String, HeadsEntry> {
        @Override
        public void onEvent(CacheEvent<? extends String, ? extends HeadsEntry> event) {
            onHeadsEvicted(event);
        }
    }

    /** Ehcache evicted a key's heads entry: free the chunks of alternates that were not listed again since. */
    private void onHeadsEvicted(CacheEvent<? extends String, ? extends HeadsEntry> event) {
        if (closed.get() || !(event.getOldValue() instanceof HeadsEntry.Alternates a)) {
            return;
        }
        try {
            keys.decrementAndGet();
            Set<String> listed = new HashSet<>();
            if (heads.get(event.getKey()) instanceof HeadsEntry.Alternates now) {
                for (Head h : now.heads()) {
                    listed.add(h.objectId());
                }
            }
            List<Head> gone = new ArrayList<>();
            for (Head h : a.heads()) {
                if (!listed.contains(h.objectId())) {
                    gone.add(h);
                }
            }
            evicted.add(gone.size());
            forget(gone);
        } catch (RuntimeException e) {
            if (!closed.get()) {
                LOG.warn("freeing the chunks of evicted key {} failed", event.getKey(), e);
            }
        }
    }

    // ---- reading ----------------------------------------------------------------------------------------------

    @Override
    public void read(StoredObject object, long from, long toInclusive, ChunkSink sink)
            throws IOException, MissingChunkException {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(sink, "sink");
        Head head = object.head();
        long length = head.length();
        if (from < 0 || toInclusive >= length || from > toInclusive + 1) {
            throw new IllegalArgumentException("range [" + from + ", " + toInclusive + "] is outside the body of "
                    + length + " bytes");
        }
        int chunkSize = head.chunkSize();
        if (length > 0 && chunkSize < 1) {
            throw new IllegalArgumentException("the head of " + object.key() + " has no chunk size");
        }
        requireOpen();
        if (from > toInclusive) {
            return;
        }
        long pos = from;
        for (long i = from / chunkSize, last = toInclusive / chunkSize; i <= last; i++) {
            String chunkKey = chunkKey(head.objectId(), i);
            long chunkStart = i * chunkSize;
            int expected = (int) Math.min(chunkSize, length - chunkStart);
            byte[] value = chunks.get(chunkKey);
            if (value == null) {
                readErrors.increment();
                throw new MissingChunkException(object.key(), head.objectId(), i, pos,
                        MissingChunkException.Reason.MISSING);
            }
            if (!intact(value, expected)) {
                readErrors.increment();
                chunks.remove(chunkKey);
                LOG.warn("removed corrupt chunk {} of key {} ({} bytes, expected {} + checksum)", chunkKey,
                        object.key(), value.length, expected);
                throw new MissingChunkException(object.key(), head.objectId(), i, pos,
                        MissingChunkException.Reason.CORRUPT);
            }
            int start = (int) (pos - chunkStart);
            int end = (int) (Math.min(toInclusive, chunkStart + expected - 1) - chunkStart);
            sink.accept(value, start, end - start + 1);
            pos = chunkStart + end + 1;
        }
    }

    private static boolean intact(byte[] value, int expectedLength) {
        if (value.length != expectedLength + CHUNK_TRAILER) {
            return false;
        }
        CRC32C crc = new CRC32C();
        crc.update(value, 0, expectedLength);
        return (int) crc.getValue() == readInt(value, expectedLength);
    }

    // ---- writing ----------------------------------------------------------------------------------------------

    private enum WriterState { OPEN, COMMITTED, ABORTED }

    private final class Writer implements ObjectWriter {
        private final String key;
        private final Head head;
        private final String objectId;
        private final int chunkSize;
        private byte[] buffer;
        private int buffered;
        private long written;
        private long chunksPut;
        private WriterState state = WriterState.OPEN;

        Writer(String key, Head head, String objectId, int chunkSize) {
            this.key = key;
            this.head = head;
            this.objectId = objectId;
            this.chunkSize = chunkSize;
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (state != WriterState.OPEN) {
                throw new IOException("the writer for " + key + " is already " + state.name().toLowerCase());
            }
            if (closed.get()) {
                abort();
                throw new IOException("the object store is closed");
            }
            try {
                while (len > 0) {
                    if (buffer == null) {
                        buffer = new byte[chunkSize + CHUNK_TRAILER];
                    }
                    int n = Math.min(len, chunkSize - buffered);
                    System.arraycopy(b, off, buffer, buffered, n);
                    buffered += n;
                    off += n;
                    len -= n;
                    written += n;
                    if (buffered == chunkSize) {
                        putChunk();
                    }
                }
            } catch (RuntimeException e) {
                abort();
                throw new IOException("storing a chunk of " + key + " failed", e);
            }
        }

        /** Stores the buffered bytes as the next chunk; the array is handed to the cache and not reused. */
        private void putChunk() {
            byte[] value = buffered == chunkSize ? buffer : java.util.Arrays.copyOf(buffer, buffered + CHUNK_TRAILER);
            CRC32C crc = new CRC32C();
            crc.update(value, 0, buffered);
            writeInt(value, buffered, (int) crc.getValue());
            buffer = null;
            buffered = 0;
            chunks.put(chunkKey(objectId, chunksPut), value);
            chunksPut++;
        }

        @Override
        public String objectId() {
            return objectId;
        }

        @Override
        public synchronized long written() {
            return written;
        }

        @Override
        public synchronized long storedBytes() {
            return chunksPut * (long) chunkSize;
        }

        @Override
        public int chunkSize() {
            return chunkSize;
        }

        @Override
        public synchronized boolean commit(long expectedLength, int maxAlternates) {
            if (maxAlternates < 1) {
                throw new IllegalArgumentException("maxAlternates must be at least 1: " + maxAlternates);
            }
            if (state == WriterState.COMMITTED) {
                throw new IllegalStateException("the object for " + key + " is already committed");
            }
            if (state == WriterState.ABORTED) {
                return false;
            }
            if (expectedLength >= 0 && written != expectedLength) {
                LOG.debug("not committing {}: {} bytes written, {} expected", key, written, expectedLength);
                abort();
                return false;
            }
            if (closed.get()) {
                abort();
                return false;
            }
            try {
                if (buffered > 0) {
                    putChunk();
                }
                for (long i = 0; i < chunksPut; i++) {
                    if (!chunks.containsKey(chunkKey(objectId, i))) {
                        LOG.info("not committing {}: chunk {} of {} was evicted before the commit (the object is "
                                + "too large for the cache tiers?)", key, i, chunksPut);
                        abort();
                        return false;
                    }
                }
                Head stored = head.withBody(objectId, written, chunkSize);
                boolean published = publish(key, stored, maxAlternates, () -> {
                    state = WriterState.COMMITTED;
                    buffer = null;
                    commits.increment();
                });
                if (!published) {
                    abort();
                }
                return published;
            } catch (RuntimeException e) {
                abort();
                throw e;
            }
        }

        @Override
        public synchronized void abort() {
            if (state != WriterState.OPEN) {
                return;
            }
            state = WriterState.ABORTED;
            buffer = null;
            aborts.increment();
            if (!closed.get()) {
                try {
                    freeChunks(objectId, chunksPut);
                } catch (RuntimeException e) {
                    LOG.debug("freeing the chunks of an aborted write of {} failed", key, e);
                }
            }
        }

        @Override
        public void close() {
            abort();
        }
    }

    // ---- stats, close, helpers ----------------------------------------------------------------------------------

    @Override
    public StoreStats stats() {
        List<StoreStats.TierStats> tiers = new ArrayList<>();
        if (!closed.get()) {
            for (String cache : List.of(HEADS, CHUNKS)) {
                for (Map.Entry<String, TierStatistics> e : statistics.getCacheStatistics(cache).getTierStatistics()
                        .entrySet()) {
                    TierStatistics t = e.getValue();
                    tiers.add(new StoreStats.TierStats(cache, e.getKey(), t.getMappings(), t.getOccupiedByteSize(),
                            t.getAllocatedByteSize(), t.getHits(), t.getMisses(), t.getEvictions()));
                }
            }
        }
        return new StoreStats(Math.max(0, keys.get()), Math.max(0, objects.get()), Math.max(0, bytes.get()),
                writesStarted.sum(), commits.sum(), aborts.sum(), removes.sum(), replaced.sum(), evicted.sum(),
                headUpdates.sum(), readErrors.sum(), corruptHeads.sum(), tiers);
    }

    public StoreConfig config() {
        return config;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            manager.close();
            LOG.info("object store closed{}", config.directory() == null ? "" : " (" + config.directory() + ")");
        }
    }

    private void requireOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the object store is closed");
        }
    }

    static String chunkKey(String objectId, long index) {
        return objectId + '#' + index;
    }

    private static String newObjectId() {
        byte[] id = new byte[16];
        IDS.nextBytes(id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private static void writeInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    // ---- test hooks (package-private) ---------------------------------------------------------------------------

    /** Stores raw bytes as the key's heads entry, exactly as if they had been read back from a tier. */
    void putHeadsEntryBytes(String key, byte[] raw) {
        heads.put(key, HeadsSerializer.decode(java.nio.ByteBuffer.wrap(raw)));
    }

    /** The encoded heads entry of a key, or null. */
    byte[] headsEntryBytes(String key) {
        HeadsEntry e = heads.get(key);
        if (e == null) {
            return null;
        }
        java.nio.ByteBuffer b = new HeadsSerializer().serialize(e);
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    void removeChunk(String objectId, long index) {
        chunks.remove(chunkKey(objectId, index));
    }

    void putChunkValue(String objectId, long index, byte[] value) {
        chunks.put(chunkKey(objectId, index), value);
    }

    boolean hasChunk(String objectId, long index) {
        return chunks.containsKey(chunkKey(objectId, index));
    }
}
