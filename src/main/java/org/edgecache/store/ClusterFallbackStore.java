package org.edgecache.store;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store of a node with a clustered tier: the clustered {@link EhcacheObjectStore} while the Terracotta server
 * answers, and a node-local fallback (a plain {@link EhcacheObjectStore} with the node's heap and off-heap tiers,
 * made at the first outage) while it does not, so that a node keeps storing and serving objects during an outage.
 *
 * <ul>
 * <li><b>Detection</b>: Ehcache answers a failed operation on the clustered tier itself (a miss, nothing stored);
 * {@link ReportingResilienceStrategy} tells this store of a failed write or a failed read, and a lookup or remove
 * that found nothing after waiting the whole {@link ClusterConfig#timeout()} counts as failed too (Ehcache turns a
 * read that timed out into a miss without a word). {@link ClusterAvailability} goes down at the first failure: from
 * then on requests use the fallback at once, without waiting for the server.</li>
 * <li><b>Probe</b>: while it is down, a daemon thread reads and removes a key no node stores in each clustered
 * cache once a {@code probeInterval} ({@link EhcacheObjectStore#probeCluster()}); when that succeeds the node uses
 * the clustered tier again.</li>
 * <li><b>Coherence on return</b>: the fallback's objects are dropped when the cluster is back (they may be stale: a
 * PURGE on another node did not reach them), and a fallback write begun before that is not committed. Keys removed
 * on this node during the outage (PURGE, invalidation) are removed from the clustered tier before the node uses it
 * again, so that the server's copy of a purged object is not served; more than {@link #MAX_REMOVED_KEYS} of them
 * and the clustered tier is cleared instead.</li>
 * </ul>
 * Which store an object came from is in its id: the fallback's ids start with {@link #FALLBACK_ID_PREFIX}, a
 * character the clustered tier's ids (base64url) never contain.
 */
public final class ClusterFallbackStore implements ObjectStore {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterFallbackStore.class);

    static final String FALLBACK_ID_PREFIX = "~";
    static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(1);
    static final int MAX_REMOVED_KEYS = 100_000;
    private static final long PROBE_TICK_MS = 100;

    private final StoreConfig config;
    private final Clock clock;
    private final ClusterAvailability availability;
    private final ClusteredStore clustered;
    private final AtomicLong failures = new AtomicLong();
    private final long timeoutMillis;
    private final Object fallbackLock = new Object();
    private volatile EhcacheObjectStore fallback;
    /** Held to commit to the fallback; taken exclusively to clear it (and move to the next generation). */
    private final ReadWriteLock generationLock = new ReentrantReadWriteLock();
    private long generation;
    private final Set<String> removedDuringOutage = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean removedOverflow = new AtomicBoolean();
    private final ScheduledExecutorService prober;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final FetchLeases leases = new FetchLeases() {
        @Override
        public FetchLease claim(String key) {
            return availability.up() ? clustered.fetchLeases().claim(key) : NODE_LOCAL.claim(key);
        }

        @Override
        public boolean heldElsewhere(String key) {
            return availability.up() && clustered.fetchLeases().heldElsewhere(key);
        }

        @Override
        public void release(String key, FetchLease lease) {
            if (!lease.owner().equals(NODE_LOCAL.claim(key).owner())) {
                clustered.fetchLeases().release(key, lease);
            }
        }
    };

    /**
     * Opens the clustered store (see {@link EhcacheObjectStore#EhcacheObjectStore(StoreConfig, ClusterConfig, Clock)})
     * and starts probing, once a second, whenever the server is found gone.
     */
    public ClusterFallbackStore(StoreConfig config, ClusterConfig cluster, Clock clock) {
        this(config, cluster.timeout(), clock, DEFAULT_PROBE_INTERVAL,
                onFailure -> new EhcacheObjectStore(config, cluster, clock, onFailure, ""), true);
    }

    /**
     * @param openClustered opens the clustered store, given what to tell of a failed operation on it
     * @param probing       whether a daemon thread probes (false: the caller calls {@link #probeIfDue()})
     */
    ClusterFallbackStore(StoreConfig config, Duration timeout, Clock clock, Duration probeInterval,
            java.util.function.Function<Runnable, ClusteredStore> openClustered, boolean probing) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.availability = new ClusterAvailability(clock, probeInterval);
        this.timeoutMillis = timeout.toMillis();
        this.clustered = openClustered.apply(this::clusterFailed);
        if (probing) {
            this.prober = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "edgecache-cluster-probe");
                t.setDaemon(true);
                return t;
            });
            prober.scheduleWithFixedDelay(this::probeIfDue, PROBE_TICK_MS, PROBE_TICK_MS, TimeUnit.MILLISECONDS);
        } else {
            this.prober = null;
        }
    }

    /** Whether the clustered tier is in use (false: the node-local fallback is). */
    public boolean clusterAvailable() {
        return availability.up();
    }

    /** How many times the node lost the clustered tier since it started. */
    public long outages() {
        return availability.outages();
    }

    private void clusterFailed() {
        failures.incrementAndGet();
        if (availability.failed() == ClusterAvailability.Change.WENT_DOWN) {
            LOG.warn("the clustered tier is unavailable: storing and serving from node-local tiers until the server"
                    + " answers again (probed every {})", DEFAULT_PROBE_INTERVAL);
            EhcacheObjectStore f = fallback;
            if (f != null) {
                newGeneration(f); // whatever a late writer of the last outage left there
            }
        }
    }

    /** Probes the server if the clustered tier is down and a probe is due (the prober thread's tick). */
    void probeIfDue() {
        try {
            if (closed.get() || !availability.probeDue()) {
                return;
            }
            long before = failures.get();
            clustered.probeCluster();
            if (failures.get() != before || !replayRemoves() || failures.get() != before) {
                availability.probeFailed();
                return;
            }
            if (availability.probeSucceeded() == ClusterAvailability.Change.WENT_UP) {
                replayRemoves(); // keys removed by requests that were still on the fallback
                EhcacheObjectStore f = fallback;
                if (f != null) {
                    newGeneration(f);
                }
                LOG.info("the clustered tier answers again: the node uses it, the node-local objects of the outage"
                        + " are dropped");
            }
        } catch (RuntimeException e) {
            availability.probeFailed();
            LOG.debug("probing the clustered tier failed: {}", e.toString());
        }
    }

    /** Removes the keys removed during the outage from the clustered tier; false if that failed. */
    private boolean replayRemoves() {
        long before = failures.get();
        if (removedOverflow.get()) {
            LOG.warn("more than {} keys were removed during the outage: clearing the clustered tier",
                    MAX_REMOVED_KEYS);
            clustered.clear();
            if (failures.get() != before) {
                return false;
            }
            removedOverflow.set(false);
            removedDuringOutage.clear();
            return true;
        }
        for (Iterator<String> it = removedDuringOutage.iterator(); it.hasNext();) {
            String key = it.next();
            clustered.remove(key);
            if (failures.get() != before) {
                return false;
            }
            it.remove();
        }
        return true;
    }

    private void newGeneration(EhcacheObjectStore f) {
        generationLock.writeLock().lock();
        try {
            generation++;
            f.clear();
        } catch (IllegalStateException closedAlready) {
            // closing
        } finally {
            generationLock.writeLock().unlock();
        }
    }

    private long generation() {
        generationLock.readLock().lock();
        try {
            return generation;
        } finally {
            generationLock.readLock().unlock();
        }
    }

    private EhcacheObjectStore fallback() {
        EhcacheObjectStore f = fallback;
        if (f != null) {
            return f;
        }
        synchronized (fallbackLock) {
            if (fallback == null) {
                fallback = new EhcacheObjectStore(config, null, clock, () -> { }, FALLBACK_ID_PREFIX);
            }
            return fallback;
        }
    }

    private static boolean inFallback(String objectId) {
        return objectId.startsWith(FALLBACK_ID_PREFIX);
    }

    private ObjectStore holding(String objectId) {
        return inFallback(objectId) ? fallback() : clustered;
    }

    private void removedWhileDown(String key) {
        if (removedDuringOutage.size() >= MAX_REMOVED_KEYS) {
            removedOverflow.set(true);
        } else {
            removedDuringOutage.add(key);
        }
    }

    /**
     * Ehcache answers a read that timed out as a miss, without telling the resilience strategy: an operation that
     * found nothing after the whole timeout counts as failed.
     */
    private void failedIfTimedOut(boolean foundNothing, long startMillis) {
        if (foundNothing && clock.millis() - startMillis >= timeoutMillis) {
            clusterFailed();
        }
    }

    @Override
    public List<StoredObject> lookup(String key) {
        if (availability.up()) {
            long t0 = clock.millis();
            List<StoredObject> found = clustered.lookup(key);
            failedIfTimedOut(found.isEmpty(), t0);
            if (availability.up()) {
                return found;
            }
        }
        return fallback().lookup(key);
    }

    @Override
    public ObjectWriter begin(String key, Head head) {
        if (availability.up()) {
            return clustered.begin(key, head);
        }
        long gen = generation();
        return new FallbackWriter(fallback().begin(key, head), gen);
    }

    @Override
    public boolean updateHead(String key, String objectId, Head newHead) {
        if (inFallback(objectId)) {
            generationLock.readLock().lock();
            try {
                return fallback().updateHead(key, objectId, newHead);
            } finally {
                generationLock.readLock().unlock();
            }
        }
        return clustered.updateHead(key, objectId, newHead);
    }

    @Override
    public boolean remove(String key) {
        boolean removed = false;
        if (availability.up()) {
            long t0 = clock.millis();
            removed = clustered.remove(key);
            failedIfTimedOut(!removed, t0);
            if (availability.up()) {
                return removed;
            }
        }
        removedWhileDown(key);
        return fallback().remove(key) || removed;
    }

    @Override
    public boolean remove(String key, String objectId) {
        if (inFallback(objectId)) {
            return fallback().remove(key, objectId);
        }
        long t0 = clock.millis();
        boolean removed = clustered.remove(key, objectId);
        failedIfTimedOut(!removed, t0);
        if (!availability.up()) {
            removedWhileDown(key);
        }
        return removed;
    }

    @Override
    public void read(StoredObject object, long from, long toInclusive, ChunkSink sink)
            throws IOException, MissingChunkException {
        holding(object.objectId()).read(object, from, toInclusive, sink);
    }

    @Override
    public StoreStats stats() {
        StoreStats s = clustered.stats();
        EhcacheObjectStore f = fallback;
        if (f == null) {
            return s;
        }
        StoreStats l = f.stats();
        List<StoreStats.TierStats> tiers = new ArrayList<>(s.tiers());
        for (StoreStats.TierStats t : l.tiers()) {
            tiers.add(new StoreStats.TierStats("fallback-" + t.cache(), t.tier(), t.mappings(), t.occupiedBytes(),
                    t.allocatedBytes(), t.hits(), t.misses(), t.evictions()));
        }
        return new StoreStats(s.keys() + l.keys(), s.objects() + l.objects(), s.bytes() + l.bytes(),
                s.writesStarted() + l.writesStarted(), s.commits() + l.commits(), s.aborts() + l.aborts(),
                s.removes() + l.removes(), s.replaced() + l.replaced(), s.evicted() + l.evicted(),
                s.headUpdates() + l.headUpdates(), s.readErrors() + l.readErrors(),
                s.corruptHeads() + l.corruptHeads(), s.pinnedObjects() + l.pinnedObjects(),
                s.pinnedBytes() + l.pinnedBytes(), s.pinsRefused() + l.pinsRefused(), s.pinsEnded() + l.pinsEnded(),
                tiers);
    }

    @Override
    public FetchLeases fetchLeases() {
        return leases;
    }

    @Override
    public void forEachKey(Consumer<String> action) {
        if (availability.up()) {
            clustered.forEachKey(action);
        } else {
            fallback().forEachKey(action);
        }
    }

    @Override
    public BitSet chunksPresent(StoredObject object) {
        return holding(object.objectId()).chunksPresent(object);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (prober != null) {
                prober.shutdownNow();
            }
            EhcacheObjectStore f = fallback;
            if (f != null) {
                f.close();
            }
            clustered.close();
        }
    }

    /** A write to the fallback that is not committed once the fallback was cleared after it began. */
    private final class FallbackWriter implements ObjectWriter {
        private final ObjectWriter writer;
        private final long generation;

        FallbackWriter(ObjectWriter writer, long generation) {
            this.writer = writer;
            this.generation = generation;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            writer.write(b, off, len);
        }

        @Override
        public String objectId() {
            return writer.objectId();
        }

        @Override
        public long written() {
            return writer.written();
        }

        @Override
        public long storedBytes() {
            return writer.storedBytes();
        }

        @Override
        public int chunkSize() {
            return writer.chunkSize();
        }

        @Override
        public boolean commit(long expectedLength, int maxAlternates) {
            generationLock.readLock().lock();
            try {
                if (generation != ClusterFallbackStore.this.generation) {
                    writer.abort();
                    return false;
                }
                return writer.commit(expectedLength, maxAlternates);
            } finally {
                generationLock.readLock().unlock();
            }
        }

        @Override
        public void abort() {
            writer.abort();
        }

        @Override
        public void close() {
            writer.close();
        }
    }
}
