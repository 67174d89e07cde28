package org.edgecache.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
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
import org.ehcache.impl.config.store.disk.OffHeapDiskStoreConfiguration;
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
 * <p>Pinned objects (a head with {@link Head#pinnedUntil()}, from cache.config {@code pin-in-cache}) live in a
 * second pair of caches, {@code pinned-heads} and {@code pinned-chunks}, sized by {@link StoreConfig#pinnedEntries()}
 * and {@link StoreConfig#pinnedBytes()}: pressure on ordinary objects cannot evict them (Ehcache's eviction
 * advisor is only advice). The store admits a pin only while the pool has room for it, so Ehcache never has to
 * evict from the pool either (on disk the pool's tier is one segment, twice the budget); a pin that does not fit
 * is stored as an ordinary object. A pin ends at {@code pinnedUntil} (by the store's clock): the object then moves
 * to the ordinary caches when it is next looked up, or when a new pin needs the room. A head returned by the store
 * has {@code pinnedUntil} set exactly when it lives in the pinned pool.
 *
 * <p>Ehcache's open-source disk tier survives a clean {@link #close()} only: after a crash the next open finds
 * the directory wiped (empty, never torn). One directory per running instance; a second opener fails.
 */
public final class EhcacheObjectStore implements ClusteredStore {
    private static final Logger LOG = LoggerFactory.getLogger(EhcacheObjectStore.class);

    static final String HEADS = "heads";
    static final String CHUNKS = "chunks";
    static final String PINNED_HEADS = "pinned-heads";
    static final String PINNED_CHUNKS = "pinned-chunks";
    /** With a clustered tier: which node leads the origin fetch of a key ({@link FetchLeases}). */
    static final String LEASES = "leases";
    /** Every chunk value ends with the CRC32C of its data. */
    static final int CHUNK_TRAILER = 4;

    private static final SecureRandom IDS = new SecureRandom();

    private final StoreConfig config;
    private final CacheManager manager;
    private final StatisticsService statistics;
    private final Cache<String, HeadsEntry> heads;
    private final Cache<String, byte[]> chunks;
    /** Null without a pinned pool. */
    private final Cache<String, HeadsEntry> pinnedHeads;
    private final Cache<String, byte[]> pinnedChunks;
    private final Clock clock;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Null without a clustered tier. */
    private final ClusterConfig cluster;
    private final FetchLeases fetchLeases;
    /** Null without a clustered tier. */
    private final Cache<String, String> leases;
    /** Told when an operation on the clustered tier fails. */
    private final Runnable onClusterFailure;
    /** Put before every object id this store makes (the fallback's ids differ from the clustered tier's). */
    private final String idPrefix;

    /** The pinned pool's budget in use: chunks (written or committed), objects and head bytes. */
    private final AtomicLong pinnedChunksUsed = new AtomicLong();
    private final AtomicLong pinnedObjects = new AtomicLong();
    private final AtomicLong pinnedHeadBytes = new AtomicLong();
    private final LongAdder pinsRefused = new LongAdder();
    private final LongAdder pinsEnded = new LongAdder();
    private final Object unpinLock = new Object();

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
        this(config, Clock.systemUTC());
    }

    /**
     * Opens the store; {@code clock} decides when pins end.
     *
     * @throws IllegalArgumentException for a bad config (naming the parameter)
     * @throws IllegalStateException if the directory is in use by another open store, or cannot be opened
     */
    public EhcacheObjectStore(StoreConfig config, Clock clock) {
        this(config, null, clock);
    }

    /**
     * Opens the store with a clustered tier below the local ones ({@code cluster} null: none), shared with every
     * node that opens one with the same {@link ClusterConfig#uri()}; {@code clock} decides when pins and fetch leases
     * end.
     *
     * @throws IllegalArgumentException for a bad config (naming the parameter)
     * @throws IllegalStateException if the directory is in use by another open store, or the store cannot be opened
     *                               (the Terracotta server cannot be reached, or rejects the configuration)
     */
    public EhcacheObjectStore(StoreConfig config, ClusterConfig cluster, Clock clock) {
        this(config, cluster, clock, () -> { }, "");
    }

    /**
     * As {@link #EhcacheObjectStore(StoreConfig, ClusterConfig, Clock)}; {@code onClusterFailure} is told of every
     * failed operation on the clustered tier, and every object id starts with {@code idPrefix}.
     */
    EhcacheObjectStore(StoreConfig config, ClusterConfig cluster, Clock clock, Runnable onClusterFailure,
            String idPrefix) {
        this.config = Objects.requireNonNull(config, "config").validate();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.cluster = cluster;
        this.onClusterFailure = Objects.requireNonNull(onClusterFailure, "onClusterFailure");
        this.idPrefix = Objects.requireNonNull(idPrefix, "idPrefix");
        this.statistics = new DefaultStatisticsService();
        Path dir = config.directory();
        CacheManagerBuilder<? extends CacheManager> builder;
        if (cluster != null) {
            if (dir != null || config.diskBytes() > 0) {
                throw new IllegalArgumentException(StoreConfig.PARAM_DISK + " must be 0 with "
                        + ClusterConfig.PARAM_URI + ": Ehcache has no disk tier together with a clustered tier");
            }
            builder = withCaches(CacheManagerBuilder.newCacheManagerBuilder().using(statistics)
                    .with(ClusteredTier.service(cluster)));
        } else if (dir == null) {
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
            throw cluster != null ? clusterFailure(cluster, e) : openFailure(dir, e);
        }
        this.manager = cm;
        this.heads = cm.getCache(HEADS, String.class, HeadsEntry.class);
        this.chunks = cm.getCache(CHUNKS, String.class, byte[].class);
        this.pinnedHeads = config.pinning() ? cm.getCache(PINNED_HEADS, String.class, HeadsEntry.class) : null;
        this.pinnedChunks = config.pinning() ? cm.getCache(PINNED_CHUNKS, String.class, byte[].class) : null;
        if (cluster == null) {
            this.fetchLeases = FetchLeases.NODE_LOCAL;
            this.leases = null;
            recount();
            LOG.info("object store open: {} keys, {} objects, {} bytes ({})", keys.get(), objects.get(), bytes.get(),
                    dir == null ? "no persistent tier" : "persistent tier in " + dir);
        } else {
            // the counters count what this node stores and removes; the clustered tier is not walked
            this.leases = cm.getCache(LEASES, String.class, String.class);
            this.fetchLeases = new ClusteredFetchLeases(leases, newObjectId(), cluster.lease(), clock);
            LOG.info("object store open with the clustered tier at {} (pool of {} bytes on server resource '{}')",
                    cluster.uri(), cluster.poolBytes(), cluster.serverResource());
        }
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
        CacheConfigurationBuilder<String, HeadsEntry> headsConfig;
        CacheConfigurationBuilder<String, byte[]> chunksConfig;
        if (cluster == null) {
            headsConfig = CacheConfigurationBuilder.newCacheConfigurationBuilder(String.class, HeadsEntry.class,
                    headPools);
            chunksConfig = CacheConfigurationBuilder.newCacheConfigurationBuilder(String.class, byte[].class,
                    chunkPools);
        } else {
            headsConfig = CacheConfigurationBuilder.newCacheConfigurationBuilder(String.class, HeadsEntry.class,
                    ClusteredTier.below(headPools)).withService(ClusteredTier.strong())
                    .withService(ClusteredTier.reporting(onClusterFailure));
            chunksConfig = CacheConfigurationBuilder.newCacheConfigurationBuilder(String.class, byte[].class,
                    ClusteredTier.below(chunkPools)).withService(ClusteredTier.strong())
                    .withService(ClusteredTier.reporting(onClusterFailure));
            builder = builder.withCache(LEASES, CacheConfigurationBuilder.newCacheConfigurationBuilder(String.class,
                    String.class, ClusteredTier.below(ResourcePoolsBuilder.newResourcePoolsBuilder()
                            .heap(64, EntryUnit.ENTRIES))).withService(ClusteredTier.strong())
                    .withService(ClusteredTier.reporting(onClusterFailure)));
        }
        builder = builder
                .withCache(HEADS, headsConfig
                        .withValueSerializer(new HeadsSerializer())
                        .withService(CacheEventListenerConfigurationBuilder
                                .newEventListenerConfiguration(new HeadsEvictionListener(false), EventType.EVICTED)
                                .unordered().asynchronous()
                                .build()))
                .withCache(CHUNKS, chunksConfig);
        if (!config.pinning()) {
            return builder;
        }
        // The pinned pool: its own caches, so ordinary objects never compete with it. Admission keeps it within
        // its budget; on disk, one segment and twice the budget leave Ehcache no reason to evict.
        ResourcePoolsBuilder pinnedHeadPools = ResourcePoolsBuilder.newResourcePoolsBuilder()
                .heap(config.pinnedEntries(), EntryUnit.ENTRIES);
        ResourcePoolsBuilder pinnedChunkPools;
        CacheConfigurationBuilder<String, HeadsEntry> pinnedHeadsConfig;
        CacheConfigurationBuilder<String, byte[]> pinnedChunksConfig;
        if (config.diskBytes() > 0) {
            pinnedHeadPools = pinnedHeadPools.disk(Math.max(4L << 20, 2 * config.pinnedHeadBytes()), MemoryUnit.B,
                    true);
            pinnedChunkPools = ResourcePoolsBuilder.newResourcePoolsBuilder()
                    .heap(Math.min(config.chunkHeapEntries(), config.pinnedChunks()), EntryUnit.ENTRIES)
                    .disk(2 * config.pinnedChunks() * config.chunkSize(), MemoryUnit.B, true);
            pinnedHeadsConfig = CacheConfigurationBuilder
                    .newCacheConfigurationBuilder(String.class, HeadsEntry.class, pinnedHeadPools)
                    .withService(new OffHeapDiskStoreConfiguration(1));
            pinnedChunksConfig = CacheConfigurationBuilder
                    .newCacheConfigurationBuilder(String.class, byte[].class, pinnedChunkPools)
                    .withService(new OffHeapDiskStoreConfiguration(1));
        } else {
            pinnedChunkPools = ResourcePoolsBuilder.newResourcePoolsBuilder()
                    .heap(config.pinnedChunks(), EntryUnit.ENTRIES);
            pinnedHeadsConfig = CacheConfigurationBuilder
                    .newCacheConfigurationBuilder(String.class, HeadsEntry.class, pinnedHeadPools);
            pinnedChunksConfig = CacheConfigurationBuilder
                    .newCacheConfigurationBuilder(String.class, byte[].class, pinnedChunkPools);
        }
        return builder
                .withCache(PINNED_HEADS, pinnedHeadsConfig
                        .withValueSerializer(new HeadsSerializer())
                        .withService(CacheEventListenerConfigurationBuilder
                                .newEventListenerConfiguration(new HeadsEvictionListener(true), EventType.EVICTED)
                                .unordered().asynchronous()
                                .build()))
                .withCache(PINNED_CHUNKS, pinnedChunksConfig);
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

    private static IllegalStateException clusterFailure(ClusterConfig cluster, StateTransitionException e) {
        StringBuilder causes = new StringBuilder();
        for (Throwable t = e; t != null && causes.length() < 600; t = t.getCause()) {
            causes.append(causes.length() == 0 ? "" : " <- ").append(t.getMessage());
        }
        return new IllegalStateException("cannot open the clustered tier at " + ClusterConfig.PARAM_URI + "="
                + cluster.uri() + " (is the Terracotta server running and reachable, and does its off-heap resource '"
                + cluster.serverResource() + "' (" + ClusterConfig.PARAM_RESOURCE + ") have room for "
                + ClusterConfig.PARAM_SIZE + "=" + cluster.poolBytes() + " bytes, with the same settings as the"
                + " other nodes?): " + causes, e);
    }

    /** Counts what a restored persistent tier holds, removing entries that do not decode. */
    private void recount() {
        recount(heads, false);
        if (pinnedHeads != null) {
            recount(pinnedHeads, true);
        }
    }

    private void recount(Cache<String, HeadsEntry> cache, boolean pinned) {
        List<Map.Entry<String, HeadsEntry>> corrupt = new ArrayList<>();
        for (Cache.Entry<String, HeadsEntry> e : cache) {
            if (e.getValue() instanceof HeadsEntry.Alternates a) {
                if (!pinned || !heads.containsKey(e.getKey())) {
                    keys.incrementAndGet();
                }
                for (Head h : a.heads()) {
                    objects.incrementAndGet();
                    bytes.addAndGet(h.length());
                    if (pinned) {
                        pinnedObjects.incrementAndGet();
                        pinnedChunksUsed.addAndGet(h.chunkCount());
                        pinnedHeadBytes.addAndGet(headBytes(h));
                    }
                }
            } else {
                corrupt.add(Map.entry(e.getKey(), e.getValue()));
            }
        }
        for (Map.Entry<String, HeadsEntry> e : corrupt) {
            dropUndecodable(cache, e.getKey(), (HeadsEntry.Undecodable) e.getValue());
        }
    }

    // ---- lookup and alternates ------------------------------------------------------------------------------

    @Override
    public List<StoredObject> lookup(String key) {
        Objects.requireNonNull(key, "key");
        requireOpen();
        List<Head> ordinary = alternates(heads, key);
        // the pinned pool is usually empty: its count is taken before a pinned head is published, so a zero count
        // means there is nothing to find there, and a lookup need not reach the pool's disk tier
        List<Head> pinned = pinnedHeads == null || pinnedObjects.get() <= 0 ? List.of()
                : alternates(pinnedHeads, key);
        if (!pinned.isEmpty()) {
            Instant now = clock.instant();
            boolean ended = false;
            for (Head h : pinned) {
                if (!h.pinnedUntil().isAfter(now)) {
                    unpin(key, h);
                    ended = true;
                }
            }
            if (ended) {
                ordinary = alternates(heads, key);
                pinned = alternates(pinnedHeads, key);
            }
        }
        List<Head> all = pinned.isEmpty() ? ordinary : merge(pinned, ordinary);
        List<StoredObject> out = new ArrayList<>(all.size());
        for (Head h : all) {
            out.add(new StoredObject(key, h));
        }
        return Collections.unmodifiableList(out);
    }

    /** A key's committed alternates in one cache; a corrupt entry is removed and reads as none. */
    private List<Head> alternates(Cache<String, HeadsEntry> cache, String key) {
        HeadsEntry entry = cache.get(key);
        if (entry instanceof HeadsEntry.Alternates a) {
            return a.heads();
        }
        if (entry instanceof HeadsEntry.Undecodable u) {
            dropUndecodable(cache, key, u);
        }
        return List.of();
    }

    /**
     * Pinned alternates first, then the ordinary ones; an object listed in both (while it moves) once; of two
     * alternates for the same variant, the one received last.
     */
    private static List<Head> merge(List<Head> pinned, List<Head> ordinary) {
        List<Head> out = new ArrayList<>(pinned);
        for (Head h : ordinary) {
            int same = -1;
            boolean duplicate = false;
            for (int i = 0; i < out.size(); i++) {
                Head o = out.get(i);
                if (o.objectId().equals(h.objectId())) {
                    duplicate = true;
                    break;
                }
                if (o.variantKey().equals(h.variantKey())) {
                    same = i;
                }
            }
            if (duplicate) {
                continue;
            }
            if (same < 0) {
                out.add(h);
            } else if (h.responseTime().isAfter(out.get(same).responseTime())) {
                out.set(same, h);
            }
        }
        return out;
    }

    private void dropUndecodable(String key, HeadsEntry.Undecodable u) {
        dropUndecodable(heads, key, u);
    }

    private void dropUndecodable(Cache<String, HeadsEntry> cache, String key, HeadsEntry.Undecodable u) {
        if (cache.remove(key, u)) {
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
        boolean pin = pinnedHeads != null && head.pinnedUntil() != null && head.pinnedUntil().isAfter(clock.instant());
        return new Writer(key, pin ? head : head.withPinnedUntil(null), idPrefix + newObjectId(),
                config.chunkPayload(), pin);
    }

    @Override
    public boolean updateHead(String key, String objectId, Head newHead) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(objectId, "objectId");
        Objects.requireNonNull(newHead, "newHead");
        requireOpen();
        if (pinnedHeads != null && find(alternates(pinnedHeads, key), objectId) != null) {
            return updateHead(pinnedHeads, key, objectId, newHead);
        }
        return updateHead(heads, key, objectId, newHead);
    }

    private boolean updateHead(Cache<String, HeadsEntry> cache, String key, String objectId, Head newHead) {
        while (true) {
            HeadsEntry current = cache.get(key);
            if (!(current instanceof HeadsEntry.Alternates a)) {
                if (current instanceof HeadsEntry.Undecodable u) {
                    dropUndecodable(cache, key, u);
                }
                return false;
            }
            Head old = find(a.heads(), objectId);
            if (old == null) {
                return false;
            }
            Head updated = newHead.withBody(old.objectId(), old.length(), old.chunkSize())
                    .withPinnedUntil(old.pinnedUntil());
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
            if (swap(cache, key, current, next)) {
                if (old.pinnedUntil() != null) {
                    pinnedHeadBytes.addAndGet(headBytes(updated) - headBytes(old));
                }
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
        boolean removed = remove(heads, key);
        if (pinnedHeads != null) {
            removed |= remove(pinnedHeads, key);
        }
        return removed;
    }

    private boolean remove(Cache<String, HeadsEntry> cache, String key) {
        while (true) {
            HeadsEntry current = cache.get(key);
            if (current == null) {
                return false;
            }
            if (current instanceof HeadsEntry.Undecodable u) {
                dropUndecodable(cache, key, u);
                return true;
            }
            if (cache.remove(key, current)) {
                List<Head> gone = ((HeadsEntry.Alternates) current).heads();
                if (!listedElsewhere(cache, key)) {
                    keys.decrementAndGet();
                }
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
        boolean removed = remove(heads, key, objectId, true);
        if (pinnedHeads != null) {
            removed |= remove(pinnedHeads, key, objectId, true);
        }
        return removed;
    }

    /** Removes one alternate from one cache; {@code free} also forgets it (counters, chunks). */
    private boolean remove(Cache<String, HeadsEntry> cache, String key, String objectId, boolean free) {
        while (true) {
            HeadsEntry current = cache.get(key);
            if (!(current instanceof HeadsEntry.Alternates a)) {
                if (current instanceof HeadsEntry.Undecodable u) {
                    dropUndecodable(cache, key, u);
                }
                return false;
            }
            Head target = find(a.heads(), objectId);
            if (target == null) {
                return false;
            }
            List<Head> next = new ArrayList<>(a.heads());
            next.remove(target);
            if (swap(cache, key, current, next)) {
                if (free) {
                    removes.increment();
                    forget(List.of(target));
                }
                return true;
            }
        }
    }

    /**
     * Publishes a committed head into its cache (the pinned one for a pinned head); returns after the chunks of
     * the alternates it displaced are freed. Alternates of the other cache for the same variant are dropped too;
     * a pinned head also drops ordinary alternates beyond {@code maxAlternates}, and an ordinary head never drops
     * a pinned one. Returns false (publishing nothing) if the head alone is too large for a heads entry.
     */
    private boolean publish(String key, Head head, int maxAlternates, Runnable onPublished) {
        boolean pinned = head.pinnedUntil() != null;
        Cache<String, HeadsEntry> target = pinned ? pinnedHeads : heads;
        Cache<String, HeadsEntry> other = pinned ? heads : pinnedHeads;
        while (true) {
            HeadsEntry current = target.get(key);
            List<Head> existing = current instanceof HeadsEntry.Alternates a ? a.heads() : List.of();
            int room = maxAlternates;
            if (!pinned && other != null) {
                long pinnedOthers = alternates(other, key).stream()
                        .filter(h -> !h.variantKey().equals(head.variantKey())).count();
                room = (int) Math.max(1, maxAlternates - pinnedOthers);
            }
            List<Head> displaced = new ArrayList<>();
            List<Head> next = new ArrayList<>(existing.size() + 1);
            next.add(head);
            for (Head h : existing) {
                if (h.variantKey().equals(head.variantKey())) {
                    displaced.add(h);
                } else {
                    next.add(h);
                }
            }
            while (next.size() > room) {
                displaced.add(next.remove(next.size() - 1));
            }
            if (!fitInOneEntry(key, next, displaced)) {
                return false;
            }
            if (swap(target, key, current, next)) {
                onPublished.run();
                if (current instanceof HeadsEntry.Undecodable u) {
                    corruptHeads.increment();
                    LOG.warn("replaced the corrupt head entry of {}: {}", key, u.reason());
                }
                objects.incrementAndGet();
                bytes.addAndGet(head.length());
                replaced.add(displaced.size());
                forget(displaced);
                if (other != null) {
                    trim(other, key, head.variantKey(), pinned ? maxAlternates - next.size() : Integer.MAX_VALUE);
                }
                return true;
            }
        }
    }

    /** Drops a key's alternates for {@code variantKey} from a cache, and its oldest beyond {@code keep}. */
    private void trim(Cache<String, HeadsEntry> cache, String key, String variantKey, int keep) {
        while (true) {
            HeadsEntry current = cache.get(key);
            if (!(current instanceof HeadsEntry.Alternates a)) {
                return;
            }
            List<Head> displaced = new ArrayList<>();
            List<Head> next = new ArrayList<>();
            for (Head h : a.heads()) {
                if (h.variantKey().equals(variantKey)) {
                    displaced.add(h);
                } else {
                    next.add(h);
                }
            }
            while (next.size() > Math.max(0, keep)) {
                displaced.add(next.remove(next.size() - 1));
            }
            if (displaced.isEmpty()) {
                return;
            }
            if (swap(cache, key, current, next)) {
                replaced.add(displaced.size());
                forget(displaced);
                return;
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

    /** One compare-and-swap of a key's heads entry in one cache; an empty list removes it. Keeps {@code keys}. */
    private boolean swap(Cache<String, HeadsEntry> cache, String key, HeadsEntry expected, List<Head> next) {
        boolean done;
        if (expected == null) {
            done = next.isEmpty() || cache.putIfAbsent(key, new HeadsEntry.Alternates(next)) == null;
        } else if (next.isEmpty()) {
            done = cache.remove(key, expected);
        } else {
            done = cache.replace(key, expected, new HeadsEntry.Alternates(next));
        }
        if (done) {
            boolean was = expected instanceof HeadsEntry.Alternates;
            if (was != !next.isEmpty() && !listedElsewhere(cache, key)) {
                keys.addAndGet(was ? -1 : 1);
            }
        }
        return done;
    }

    /** Whether the other heads cache (ordinary or pinned) lists the key: then {@code keys} counts it already. */
    private boolean listedElsewhere(Cache<String, HeadsEntry> cache, String key) {
        if (pinnedHeads == null) {
            return false;
        }
        return (cache == heads ? pinnedHeads : heads).containsKey(key);
    }

    /** Accounts for alternates no longer listed and frees their chunks (and a pinned one's room in the pool). */
    private void forget(List<Head> gone) {
        for (Head h : gone) {
            objects.decrementAndGet();
            bytes.addAndGet(-h.length());
            if (h.pinnedUntil() != null && pinnedChunks != null) {
                releasePinned(h);
                freeChunks(pinnedChunks, h.objectId(), h.chunkCount());
            } else {
                freeChunks(chunks, h.objectId(), h.chunkCount());
            }
        }
    }

    private void freeChunks(Cache<String, byte[]> cache, String objectId, long count) {
        for (long i = 0; i < count; i++) {
            cache.remove(chunkKey(objectId, i));
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

    // ---- the pinned pool --------------------------------------------------------------------------------------

    /** Head bytes a pinned object is charged for. */
    private static long headBytes(Head h) {
        return HeadCodec.encodedSize(List.of(h));
    }

    /** Takes room for one chunk in the pinned pool; false if there is none, even after ending lapsed pins. */
    private boolean reservePinnedChunk() {
        for (int attempt = 0; attempt < 2; attempt++) {
            if (pinnedChunksUsed.incrementAndGet() <= config.pinnedChunks()) {
                return true;
            }
            pinnedChunksUsed.decrementAndGet();
            if (attempt == 0 && unpinLapsed() == 0) {
                break;
            }
        }
        return false;
    }

    /**
     * Takes room for one more pinned object and its head ({@code replacing}: pinned alternates the commit will
     * displace, whose room it may reuse); false if there is none, even after ending lapsed pins.
     */
    private boolean reservePinnedObject(Head head, int replacing) {
        long bytesNeeded = headBytes(head);
        for (int attempt = 0; attempt < 2; attempt++) {
            long n = pinnedObjects.incrementAndGet();
            long b = pinnedHeadBytes.addAndGet(bytesNeeded);
            if (n <= config.pinnedEntries() + replacing && b <= config.pinnedHeadBytes() + replacing
                    * (long) StoreConfig.PINNED_HEAD_BUDGET) {
                return true;
            }
            pinnedObjects.decrementAndGet();
            pinnedHeadBytes.addAndGet(-bytesNeeded);
            if (attempt == 0 && unpinLapsed() == 0) {
                break;
            }
        }
        return false;
    }

    private void releasePinned(Head h) {
        pinnedObjects.decrementAndGet();
        pinnedHeadBytes.addAndGet(-headBytes(h));
        pinnedChunksUsed.addAndGet(-h.chunkCount());
    }

    /** Ends every pin whose time is up; returns how many. */
    private int unpinLapsed() {
        if (pinnedHeads == null) {
            return 0;
        }
        Instant now = clock.instant();
        List<Map.Entry<String, Head>> lapsed = new ArrayList<>();
        for (Cache.Entry<String, HeadsEntry> e : pinnedHeads) {
            if (e.getValue() instanceof HeadsEntry.Alternates a) {
                for (Head h : a.heads()) {
                    if (!h.pinnedUntil().isAfter(now)) {
                        lapsed.add(Map.entry(e.getKey(), h));
                    }
                }
            }
        }
        for (Map.Entry<String, Head> e : lapsed) {
            unpin(e.getKey(), e.getValue());
        }
        return lapsed.size();
    }

    /**
     * Moves a pinned object whose pin ended to the ordinary caches: chunks copied first, then the head listed
     * there, then taken out of the pool (a reader holding the pinned head falls back to the ordinary chunks).
     * If the ordinary caches already hold that variant, the pinned object is dropped instead.
     */
    private void unpin(String key, Head pinned) {
        synchronized (unpinLock) {
            if (find(alternates(pinnedHeads, key), pinned.objectId()) != null) {
                unpinListed(key, pinned);
            }
        }
    }

    private void unpinListed(String key, Head pinned) {
        String id = pinned.objectId();
        long count = pinned.chunkCount();
        for (long i = 0; i < count; i++) {
            byte[] v = pinnedChunks.get(chunkKey(id, i));
            if (v == null) {
                freeChunks(chunks, id, i);
                remove(pinnedHeads, key, id, true);
                return;
            }
            chunks.put(chunkKey(id, i), v);
        }
        Head plain = pinned.withPinnedUntil(null);
        boolean listed = listOrdinary(key, plain);
        if (!remove(pinnedHeads, key, id, false)) {
            // removed or replaced meanwhile: do not bring it back
            if (listed) {
                remove(heads, key, id, false);
            }
            freeChunks(chunks, id, count);
            return;
        }
        releasePinned(pinned);
        freeChunks(pinnedChunks, id, count);
        pinsEnded.increment();
        if (!listed) {
            objects.decrementAndGet();
            bytes.addAndGet(-pinned.length());
            freeChunks(chunks, id, count);
        }
    }

    /** Adds an unpinned head at the end of the key's ordinary alternates, unless its variant is there already. */
    private boolean listOrdinary(String key, Head plain) {
        while (true) {
            HeadsEntry current = heads.get(key);
            List<Head> existing = current instanceof HeadsEntry.Alternates a ? a.heads() : List.of();
            for (Head h : existing) {
                if (h.variantKey().equals(plain.variantKey())) {
                    return false;
                }
            }
            List<Head> next = new ArrayList<>(existing);
            next.add(plain);
            List<Head> dropped = new ArrayList<>();
            if (!fitInOneEntry(key, next, dropped) || dropped.contains(plain)) {
                return false;
            }
            if (swap(heads, key, current, next)) {
                replaced.add(dropped.size());
                forget(dropped);
                return true;
            }
        }
    }

    /** Frees the chunks of alternates whose heads entry Ehcache evicted. */
    private final class HeadsEvictionListener implements CacheEventListener<String, HeadsEntry> {
        private final boolean pinned;

        HeadsEvictionListener(boolean pinned) {
            this.pinned = pinned;
        }

        @Override
        public void onEvent(CacheEvent<? extends String, ? extends HeadsEntry> event) {
            if (pinned && !closed.get()) {
                LOG.warn("Ehcache evicted pinned objects of {} although the pool had room: the pool is too small for"
                        + " its own bookkeeping", event.getKey());
            }
            onHeadsEvicted(pinned ? pinnedHeads : heads, event);
        }
    }

    /** Ehcache evicted a key's heads entry: free the chunks of alternates that were not listed again since. */
    private void onHeadsEvicted(Cache<String, HeadsEntry> cache,
            CacheEvent<? extends String, ? extends HeadsEntry> event) {
        if (closed.get() || !(event.getOldValue() instanceof HeadsEntry.Alternates a)) {
            return;
        }
        try {
            if (!listedElsewhere(cache, event.getKey())) {
                keys.decrementAndGet();
            }
            Set<String> listed = new HashSet<>();
            if (cache.get(event.getKey()) instanceof HeadsEntry.Alternates now) {
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
        boolean pinned = head.pinnedUntil() != null && pinnedChunks != null;
        long pos = from;
        for (long i = from / chunkSize, last = toInclusive / chunkSize; i <= last; i++) {
            String chunkKey = chunkKey(head.objectId(), i);
            long chunkStart = i * chunkSize;
            int expected = (int) Math.min(chunkSize, length - chunkStart);
            Cache<String, byte[]> source = chunks;
            byte[] value = null;
            if (pinned) {
                source = pinnedChunks;
                value = pinnedChunks.get(chunkKey);
            }
            if (value == null) {
                // a pin that ended moved its chunks to the ordinary cache
                source = chunks;
                value = chunks.get(chunkKey);
            }
            if (value == null) {
                readErrors.increment();
                throw new MissingChunkException(object.key(), head.objectId(), i, pos,
                        MissingChunkException.Reason.MISSING);
            }
            if (!intact(value, expected)) {
                readErrors.increment();
                source.remove(chunkKey);
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
        private final String objectId;
        private final int chunkSize;
        private Head head;
        /** Whether the chunks go to the pinned pool (each one with room taken there). */
        private boolean pinned;
        /** The body length the head's Content-Length announces, or -1: sizes the chunk buffers. */
        private final long announced;
        private byte[] buffer;
        private int buffered;
        private long written;
        private long chunksPut;
        private WriterState state = WriterState.OPEN;

        Writer(String key, Head head, String objectId, int chunkSize, boolean pinned) {
            this.key = key;
            this.head = head;
            this.objectId = objectId;
            this.chunkSize = chunkSize;
            this.pinned = pinned;
            this.announced = ChunkBuffers.announcedLength(head.responseHeaders().get("Content-Length"));
        }

        private Cache<String, byte[]> target() {
            return pinned ? pinnedChunks : chunks;
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
                        buffer = new byte[ChunkBuffers.firstCapacity(chunkSize, announced, written)
                                + CHUNK_TRAILER];
                    } else if (buffered == buffer.length - CHUNK_TRAILER) {
                        buffer = java.util.Arrays.copyOf(buffer,
                                ChunkBuffers.grownCapacity(chunkSize, buffered) + CHUNK_TRAILER);
                    }
                    int n = Math.min(len, buffer.length - CHUNK_TRAILER - buffered);
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
            if (pinned && !reservePinnedChunk()) {
                LOG.info("the pinned pool is full: {} is stored as an ordinary object", key);
                unpinWrite();
            }
            byte[] value = buffer.length == buffered + CHUNK_TRAILER ? buffer
                    : java.util.Arrays.copyOf(buffer, buffered + CHUNK_TRAILER);
            CRC32C crc = new CRC32C();
            crc.update(value, 0, buffered);
            writeInt(value, buffered, (int) crc.getValue());
            buffer = null;
            buffered = 0;
            target().put(chunkKey(objectId, chunksPut), value);
            chunksPut++;
        }

        /** Moves what was written so far out of the pinned pool and goes on as an ordinary object. */
        private void unpinWrite() {
            pinsRefused.increment();
            for (long i = 0; i < chunksPut; i++) {
                byte[] v = pinnedChunks.get(chunkKey(objectId, i));
                if (v != null) {
                    chunks.put(chunkKey(objectId, i), v);
                }
                pinnedChunks.remove(chunkKey(objectId, i));
            }
            pinnedChunksUsed.addAndGet(-chunksPut);
            pinned = false;
            head = head.withPinnedUntil(null);
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
            boolean reserved = false;
            try {
                if (buffered > 0) {
                    putChunk();
                }
                for (long i = 0; i < chunksPut; i++) {
                    if (!target().containsKey(chunkKey(objectId, i))) {
                        LOG.info("not committing {}: chunk {} of {} was evicted before the commit (the object is "
                                + "too large for the cache tiers?)", key, i, chunksPut);
                        abort();
                        return false;
                    }
                }
                Head stored = head.withBody(objectId, written, chunkSize);
                if (pinned) {
                    int replacing = (int) alternates(pinnedHeads, key).stream()
                            .filter(h -> h.variantKey().equals(stored.variantKey())).count();
                    reserved = reservePinnedObject(stored, replacing);
                    if (!reserved) {
                        LOG.info("the pinned pool holds {} objects: {} is stored as an ordinary object",
                                pinnedObjects.get(), key);
                        unpinWrite();
                    }
                }
                Head publishing = pinned ? stored : stored.withPinnedUntil(null);
                boolean published = publish(key, publishing, maxAlternates, () -> {
                    state = WriterState.COMMITTED;
                    buffer = null;
                    commits.increment();
                });
                if (!published) {
                    if (reserved) {
                        pinnedObjects.decrementAndGet();
                        pinnedHeadBytes.addAndGet(-headBytes(publishing));
                    }
                    abort();
                }
                return published;
            } catch (RuntimeException e) {
                if (reserved && state != WriterState.COMMITTED) {
                    pinnedObjects.decrementAndGet();
                    pinnedHeadBytes.addAndGet(-headBytes(head.withBody(objectId, written, chunkSize)));
                }
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
            if (pinned) {
                pinnedChunksUsed.addAndGet(-chunksPut);
            }
            if (!closed.get()) {
                try {
                    freeChunks(target(), objectId, chunksPut);
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
            for (String cache : pinnedHeads == null ? List.of(HEADS, CHUNKS)
                    : List.of(HEADS, CHUNKS, PINNED_HEADS, PINNED_CHUNKS)) {
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
                headUpdates.sum(), readErrors.sum(), corruptHeads.sum(), Math.max(0, pinnedObjects.get()),
                Math.max(0, pinnedChunksUsed.get()) * config.chunkSize(), pinsRefused.sum(), pinsEnded.sum(), tiers);
    }

    public StoreConfig config() {
        return config;
    }

    /** The clustered tier, or null. */
    public ClusterConfig cluster() {
        return cluster;
    }

    @Override
    public FetchLeases fetchLeases() {
        return fetchLeases;
    }

    // ---- the clustered tier's outages ---------------------------------------------------------------------------

    /** A key no node ever stores: reading it always asks the server. */
    private static final String PROBE_KEY = "edgecache:probe";

    /**
     * Reads and then removes a key no node stores in each clustered cache. The read makes a cache whose connection
     * was closed reconnect (Ehcache reconnects a cache's tier when an operation finds the connection closed, and a
     * strongly consistent write fails before it looks); the remove is a write, which the server must answer (a read
     * that times out is a silent miss, a write that fails or times out is reported to {@code onClusterFailure}).
     *
     * @throws IllegalStateException without a clustered tier
     */
    @Override
    public void probeCluster() {
        if (leases == null) {
            throw new IllegalStateException("no clustered tier to probe");
        }
        for (Cache<String, ?> cache : List.of(leases, heads, chunks)) {
            cache.get(PROBE_KEY);
            cache.remove(PROBE_KEY);
        }
    }

    /** Removes every object and resets the counters of what is stored (the fallback, when the cluster is back). */
    @Override
    public void clear() {
        requireOpen();
        heads.clear();
        chunks.clear();
        if (pinnedHeads != null) {
            pinnedHeads.clear();
            pinnedChunks.clear();
        }
        keys.set(0);
        objects.set(0);
        bytes.set(0);
        pinnedObjects.set(0);
        pinnedHeadBytes.set(0);
        pinnedChunksUsed.set(0);
    }

    // ---- inspection -------------------------------------------------------------------------------------------

    @Override
    public void forEachKey(java.util.function.Consumer<String> action) {
        Objects.requireNonNull(action, "action");
        requireOpen();
        Set<String> pinnedKeys = new HashSet<>();
        if (pinnedHeads != null) {
            for (Cache.Entry<String, HeadsEntry> e : pinnedHeads) {
                if (e.getValue() instanceof HeadsEntry.Alternates) {
                    pinnedKeys.add(e.getKey());
                    action.accept(e.getKey());
                }
            }
        }
        for (Cache.Entry<String, HeadsEntry> e : heads) {
            if (e.getValue() instanceof HeadsEntry.Alternates && !pinnedKeys.contains(e.getKey())) {
                action.accept(e.getKey());
            }
        }
    }

    @Override
    public java.util.BitSet chunksPresent(StoredObject object) {
        Objects.requireNonNull(object, "object");
        requireOpen();
        Head head = object.head();
        long count = head.chunkCount();
        java.util.BitSet present = new java.util.BitSet((int) Math.min(count, Integer.MAX_VALUE));
        for (int i = 0; i < count; i++) {
            String chunkKey = chunkKey(head.objectId(), i);
            if (chunks.containsKey(chunkKey) || (pinnedChunks != null && pinnedChunks.containsKey(chunkKey))) {
                present.set(i);
            }
        }
        return present;
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

    boolean hasPinnedChunk(String objectId, long index) {
        return pinnedChunks != null && pinnedChunks.containsKey(chunkKey(objectId, index));
    }
}
