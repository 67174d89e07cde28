package org.edgecache.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.edgecache.http.HttpFields;
import org.edgecache.policy.CacheSettings;
import org.edgecache.policy.FreshnessExplanation;
import org.edgecache.store.Head;
import org.edgecache.store.InFlightFill;

/** What the inspector shows of one stored alternate and of a fetch in progress, as JSON-ready maps. */
final class ObjectReport {
    private ObjectReport() {
    }

    /**
     * One alternate: status, headers, times, age, freshness lifetime and why, size, chunks present and pin.
     *
     * @param settings the settings for its URL (cache.config rules applied)
     * @param present  which of its chunks the store holds now
     */
    static Map<String, Object> alternate(Head h, CacheSettings settings, BitSet present, Instant now) {
        FreshnessExplanation f = FreshnessExplanation.explain(h.status(), h.responseHeaders(), h.requestTime(),
                h.responseTime(), now, settings);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("objectId", h.objectId());
        m.put("status", h.status());
        m.put("headers", headers(h.responseHeaders()));
        m.put("variant", h.variantKey());
        m.put("vary", h.varyFieldNames());
        m.put("requestTime", h.requestTime());
        m.put("responseTime", h.responseTime());
        m.put("ageSeconds", f.age().getSeconds());
        m.put("lifetimeSeconds", f.lifetime().getSeconds());
        m.put("ttlSeconds", f.ttl().getSeconds());
        m.put("fresh", f.fresh());
        m.put("verdict", f.verdict().name());
        m.put("source", f.source().name());
        m.put("detail", f.detail().name());
        m.put("reason", f.reason());
        m.put("length", h.length());
        m.put("chunkSize", h.chunkSize());
        m.put("chunks", h.chunkCount());
        m.put("chunksPresent", present.cardinality());
        m.put("missingChunks", missing(present, h.chunkCount()));
        m.put("pinned", h.pinnedUntil() != null);
        m.put("pinnedUntil", h.pinnedUntil());
        return m;
    }

    /** A fetch in progress: key, state, body bytes stored so far, requests that waited on it. */
    static Map<String, Object> fill(InFlightFill fill) {
        InFlightFill.Progress p = fill.progress();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", fill.key());
        m.put("state", p.state().name());
        m.put("readableBytes", p.readableBytes());
        m.put("waiters", fill.followers());
        return m;
    }

    private static List<List<String>> headers(HttpFields fields) {
        List<List<String>> out = new ArrayList<>();
        for (HttpFields.Field f : fields) {
            out.add(List.of(f.name(), f.value()));
        }
        return out;
    }

    /** The indexes of the missing chunks, the first 100 at most. */
    private static List<Long> missing(BitSet present, long count) {
        List<Long> out = new ArrayList<>();
        for (int i = present.nextClearBit(0); i < count && out.size() < 100; i = present.nextClearBit(i + 1)) {
            out.add((long) i);
        }
        return out;
    }
}
