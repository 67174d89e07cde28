package org.edgecache.web;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The engine's counters, under Apache Traffic Server's statistic names (e.g. {@code proxy.process.http.cache_hit_fresh}).
 *
 * <p>Counters are {@link LongAdder}s, so counting costs one uncontended add. Values kept elsewhere (the origin
 * connection pool, the store) are {@linkplain #register registered} as suppliers and read when asked. A
 * {@link Binding} (the engine's {@link Metrics}) is told of every counter and value, present and future, so that
 * Micrometer reads the same adders instead of counting a second time.
 */
public final class Stats {
    public static final String LOOKUPS = "proxy.process.http.cache_lookups";
    public static final String HIT_FRESH = "proxy.process.http.cache_hit_fresh";
    public static final String HIT_REVALIDATED = "proxy.process.http.cache_hit_revalidated";
    public static final String HIT_STALE_SERVED = "proxy.process.http.cache_hit_stale_served";
    public static final String HIT_IMS = "proxy.process.http.cache_hit_ims";
    public static final String MISS_COLD = "proxy.process.http.cache_miss_cold";
    public static final String MISS_CHANGED = "proxy.process.http.cache_miss_changed";
    public static final String MISS_CLIENT_NO_CACHE = "proxy.process.http.cache_miss_client_no_cache";
    public static final String MISS_NOT_CACHEABLE = "proxy.process.http.cache_miss_client_not_cacheable";
    public static final String MISS_IMS = "proxy.process.http.cache_miss_ims";
    public static final String WRITES = "proxy.process.http.cache_writes";
    public static final String UPDATES = "proxy.process.http.cache_updates";
    public static final String DELETES = "proxy.process.http.cache_deletes";
    public static final String READ_ERRORS = "proxy.process.http.cache_read_errors";
    public static final String WRITE_ERRORS = "proxy.process.http.cache_write_errors";
    public static final String ORIGIN_ERRORS = "proxy.process.http.origin_errors";
    public static final String HIT_RWW = "proxy.process.http.cache_hit_rww";
    public static final String COLLAPSED_WAITS = "edgecache.collapsed_forwarding.waits";
    public static final String COLLAPSED_SERVED = "edgecache.collapsed_forwarding.served_from_cache";
    public static final String COLLAPSED_TO_ORIGIN = "edgecache.collapsed_forwarding.to_origin";
    /** Requests that went to the origin without waiting: their key's last response could not be stored. */
    public static final String COLLAPSED_PASSED = "edgecache.collapsed_forwarding.passed_uncacheable";
    public static final String OPEN_READ_RETRIES = "edgecache.open_read_retries";
    public static final String BACKGROUND_FILLS = "edgecache.background_fill.started";
    public static final String BACKGROUND_REVALIDATIONS = "edgecache.background_revalidations";
    /** Every client request the engine saw (ATS: proxy.process.http.incoming_requests). */
    public static final String INCOMING_REQUESTS = "proxy.process.http.incoming_requests";
    /** Body bytes sent to clients. */
    public static final String CLIENT_BODY_BYTES = "proxy.process.http.user_agent_response_document_total_size";
    /** Body bytes received from origins. */
    public static final String ORIGIN_BODY_BYTES = "proxy.process.http.origin_server_response_document_total_size";
    /** Origin connections open now. */
    public static final String CURRENT_SERVER_CONNECTIONS = "proxy.process.http.current_server_connections";
    /** Origin connections opened since start. */
    public static final String TOTAL_SERVER_CONNECTIONS = "proxy.process.http.total_server_connections";

    /** Receives every counter and value of a {@link Stats}, once each, as they appear. */
    public interface Binding {
        /** A counter (or, for the names {@link Metrics} knows as gauges, an up-and-down count). */
        void counter(String name, LongAdder adder);

        /** A value read from elsewhere when asked (a gauge). */
        void value(String name, LongSupplier supplier);
    }

    /** Committed objects (alternates) in the store, all tiers (ATS: directory entries in use). */
    public static final String OBJECTS = "proxy.process.cache.direntries.used";
    /** Body bytes of the committed objects in the store. */
    public static final String BYTES_USED = "proxy.process.cache.bytes_used";

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final Map<String, LongSupplier> values = new ConcurrentHashMap<>();
    private volatile Binding binding;

    public Stats() {
        for (String name : new String[] {LOOKUPS, HIT_FRESH, HIT_REVALIDATED, HIT_STALE_SERVED, HIT_IMS, MISS_COLD,
            MISS_CHANGED, MISS_CLIENT_NO_CACHE, MISS_NOT_CACHEABLE, MISS_IMS, WRITES, UPDATES, DELETES, READ_ERRORS,
            WRITE_ERRORS, ORIGIN_ERRORS, HIT_RWW, COLLAPSED_WAITS, COLLAPSED_SERVED, COLLAPSED_TO_ORIGIN,
            COLLAPSED_PASSED, OPEN_READ_RETRIES, BACKGROUND_FILLS, BACKGROUND_REVALIDATIONS, INCOMING_REQUESTS, CLIENT_BODY_BYTES,
            ORIGIN_BODY_BYTES}) {
            counters.put(name, new LongAdder());
        }
    }

    public void increment(String name) {
        adder(name).increment();
    }

    /** Adds a delta to a counter (a negative one for a gauge that goes down, e.g. requests in flight). */
    public void add(String name, long delta) {
        adder(name).add(delta);
    }

    public long get(String name) {
        LongAdder a = counters.get(name);
        if (a != null) {
            return a.sum();
        }
        LongSupplier v = values.get(name);
        return v == null ? 0 : v.getAsLong();
    }

    /**
     * Registers a value kept elsewhere under a statistic name (e.g. the origin connections open now); it is read
     * whenever the statistics are. A later registration of the same name is ignored.
     */
    public void register(String name, LongSupplier supplier) {
        if (values.putIfAbsent(name, supplier) == null) {
            Binding b = binding;
            if (b != null) {
                b.value(name, supplier);
            }
        }
    }

    /** Every counter and value by name, sorted. */
    public SortedMap<String, Long> snapshot() {
        SortedMap<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.sum()));
        values.forEach((k, v) -> out.put(k, v.getAsLong()));
        return out;
    }

    /** Hands every counter and value to the binding now, and every later one as it appears. */
    void bind(Binding b) {
        binding = b;
        counters.forEach(b::counter);
        values.forEach(b::value);
    }

    private LongAdder adder(String name) {
        LongAdder a = counters.get(name);
        if (a == null) {
            LongAdder fresh = new LongAdder();
            a = counters.putIfAbsent(name, fresh);
            if (a == null) {
                a = fresh;
                Binding b = binding;
                if (b != null) {
                    b.counter(name, fresh);
                }
            }
        }
        return a;
    }
}
