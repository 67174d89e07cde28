package org.edgecache.web;

import java.time.Clock;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.ServletContext;

import org.edgecache.policy.CacheSettings;
import org.edgecache.policy.HerdSettings;
import org.edgecache.store.InFlightRegistry;
import org.edgecache.store.ObjectStore;
import org.edgecache.store.UncacheableKeys;

/**
 * The one shared engine of a web application: settings, the origin client, the clock and the executors.
 * Built by {@link EdgeCacheListener} from context-params and closed when the application stops.
 */
public final class Engine implements AutoCloseable {
    public static final String ATTRIBUTE = Engine.class.getName();
    /** Context-param: seconds a key whose response could not be stored is remembered ({@link UncacheableKeys}). */
    static final String PARAM_UNCACHEABLE_TTL = "edgecache.collapsed.uncacheable-ttl";
    static final java.time.Duration DEFAULT_UNCACHEABLE_TTL = java.time.Duration.ofSeconds(120);

    private final Clock clock;
    private final OriginClient originClient;
    private final ObjectStore store;
    private final CacheSettings settings;
    private final Stats stats = new Stats();
    private final InFlightRegistry inFlight = new InFlightRegistry();
    private volatile HerdSettings herd = HerdSettings.defaults();
    private volatile UncacheableKeys uncacheable;
    private final String cacheName;
    private volatile CacheConfigFile cacheConfig = CacheConfigFile.none();
    private volatile ContentManagement content = ContentManagement.defaults();
    private volatile OriginProtection protection;
    private volatile ParentRouting parents = ParentRouting.off();
    private BackgroundFetches backgroundFetches;
    private volatile Metrics metrics;
    private volatile AccessLog accessLog = AccessLog.off();

    Engine(Clock clock, OriginClient originClient, ObjectStore store, CacheSettings settings, String cacheName) {
        this.clock = clock;
        this.originClient = originClient;
        this.store = store;
        this.settings = settings;
        this.cacheName = cacheName;
        this.protection = OriginProtection.none(clock, stats);
        this.uncacheable = new UncacheableKeys(clock, DEFAULT_UNCACHEABLE_TTL);
        stats.register(Stats.CURRENT_SERVER_CONNECTIONS, originClient::connectionsOpen);
        stats.register(Stats.TOTAL_SERVER_CONNECTIONS, originClient::connectionsEstablished);
        StoreGauges.register(store, clock, stats);
    }

    /** The engine of the web application, or a clear error when {@link EdgeCacheListener} is not registered. */
    public static Engine of(ServletContext context) {
        Object e = context.getAttribute(ATTRIBUTE);
        if (e instanceof Engine engine) {
            return engine;
        }
        throw new ConfigException("the listener org.edgecache.web.EdgeCacheListener is not registered in web.xml"
                + " (or failed to start); every edgecache filter and servlet needs it");
    }

    public Clock clock() {
        return clock;
    }

    public OriginClient originClient() {
        return originClient;
    }

    public ObjectStore store() {
        return store;
    }

    /** The global cache settings (context-params); ConfRemapFilter overrides them per URL pattern. */
    public CacheSettings settings() {
        return settings;
    }

    public Stats stats() {
        return stats;
    }

    /** The origin fetches in progress, one per cache key (collapsed forwarding, read-while-writer). */
    /** Keys whose last response could not be stored: collapsed forwarding does not make their requests wait. */
    public UncacheableKeys uncacheable() {
        return uncacheable;
    }

    void uncacheable(UncacheableKeys keys) {
        this.uncacheable = keys;
    }

    public InFlightRegistry inFlight() {
        return inFlight;
    }

    /** The thundering-herd knobs (read-while-writer, background fill, open read retry, max_doc_size). */
    public HerdSettings herd() {
        return herd;
    }

    void herd(HerdSettings settings) {
        this.herd = settings;
    }

    /** The name this cache gives itself in Cache-Status and Warning. */
    public String cacheName() {
        return cacheName;
    }

    /** The cache.config rules in effect (reloadable). */
    public CacheConfigFile cacheConfig() {
        return cacheConfig;
    }

    void cacheConfig(CacheConfigFile file) {
        this.cacheConfig = file;
    }

    /** PUSH, PURGE, access rules and the scheduled update. */
    public ContentManagement content() {
        return content;
    }

    /** Attaches the content management built from the context-params; the engine closes it. */
    void content(ContentManagement c) {
        this.content = c;
    }

    /** Congestion control, origin connection limits, flow control. */
    public OriginProtection protection() {
        return protection;
    }

    void protection(OriginProtection p) {
        this.protection = p;
    }

    /** The Micrometer registry (Prometheus, JMX), or null before the listener attached it. */
    public Metrics metrics() {
        return metrics;
    }

    /** Attaches the registry, binds the statistics to it; the engine closes it. */
    void metrics(Metrics m) {
        this.metrics = m.bind(stats);
    }

    /** The access log (squid format); never null. */
    public AccessLog accessLog() {
        return accessLog;
    }

    /** Attaches the access log; the engine closes it. */
    void accessLog(AccessLog log) {
        this.accessLog = log;
    }

    /** Parent selection (parent.config and the parent proxy records). */
    public ParentRouting parents() {
        return parents;
    }

    void parents(ParentRouting p) {
        this.parents = p;
    }

    /** background_fetch's shared state, made by the first filter that asks (with its factory). */
    synchronized BackgroundFetches backgroundFetches(java.util.function.Supplier<BackgroundFetches> create) {
        if (backgroundFetches == null) {
            backgroundFetches = create.get();
        }
        return backgroundFetches;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (backgroundFetches != null) {
                backgroundFetches.close();
            }
        }
        content.close();
        originClient.close();
        store.close();
        accessLog.close();
        if (metrics != null) {
            metrics.close();
        }
    }

    static ThreadFactory daemonThreads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
