package org.edgecache.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The inspector's recent history: requests per second, lookups per second, hit ratio and origin bytes per second,
 * one point per sample, the last {@code capacity} points kept (a ring buffer). Each {@link #sample} gives the
 * cumulative counters at an instant; a point is the difference to the previous sample over the time between them.
 * No clock and no threads of its own: the caller samples (see {@link FigureSampler}). Thread-safe.
 */
public final class LiveFigures {

    /** Cumulative counters at one instant. */
    public record Counters(long requests, long lookups, long hits, long originBytes) {
        /** The counters of an engine's {@link Stats}. */
        static Counters of(Stats s) {
            return new Counters(s.get(Stats.INCOMING_REQUESTS), s.get(Stats.LOOKUPS),
                    s.get(Stats.HIT_FRESH) + s.get(Stats.HIT_REVALIDATED) + s.get(Stats.HIT_STALE_SERVED),
                    s.get(Stats.ORIGIN_BODY_BYTES));
        }
    }

    /**
     * One interval's figures.
     *
     * @param at                   the end of the interval
     * @param requestsPerSecond    client requests per second
     * @param lookupsPerSecond     cache lookups per second
     * @param hitRatio             hits / lookups in the interval, 0..1; NaN when there was no lookup
     * @param originBytesPerSecond body bytes received from origins per second
     */
    public record Point(Instant at, double requestsPerSecond, double lookupsPerSecond, double hitRatio,
            double originBytesPerSecond) {
    }

    private final Point[] ring;
    private int next;
    private int size;
    private Instant lastAt;
    private Counters last;

    public LiveFigures(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.ring = new Point[capacity];
    }

    /**
     * Records the counters at {@code at}. The first sample only sets the baseline; a sample not after the previous
     * one is ignored; a counter that went down (a restart) counts from zero.
     */
    public synchronized void sample(Instant at, Counters now) {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(now, "now");
        if (lastAt != null && !at.isAfter(lastAt)) {
            return;
        }
        if (lastAt != null) {
            double seconds = Duration.between(lastAt, at).toNanos() / 1e9;
            long lookups = delta(last.lookups(), now.lookups());
            long hits = delta(last.hits(), now.hits());
            double ratio = lookups == 0 ? Double.NaN : Math.min(1.0, (double) hits / lookups);
            ring[next] = new Point(at, delta(last.requests(), now.requests()) / seconds, lookups / seconds, ratio,
                    delta(last.originBytes(), now.originBytes()) / seconds);
            next = (next + 1) % ring.length;
            size = Math.min(size + 1, ring.length);
        }
        lastAt = at;
        last = now;
    }

    private static long delta(long before, long after) {
        return after >= before ? after - before : after;
    }

    /** The points kept, oldest first. */
    public synchronized List<Point> points() {
        List<Point> out = new ArrayList<>(size);
        int start = (next - size + ring.length) % ring.length;
        for (int i = 0; i < size; i++) {
            out.add(ring[(start + i) % ring.length]);
        }
        return out;
    }

    public int capacity() {
        return ring.length;
    }
}
