package org.edgecache.web;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hc.core5.http.HttpHost;

/**
 * Origin connection limits (ATS's {@code proxy.config.http.per_server.connection.max} and
 * {@code proxy.config.http.server_max_connections}): how many requests may be at an origin server, and at all origins
 * together, at once. A request over a limit waits, if the queue ({@code per_server.connection.queue_size}) has room,
 * at most {@code queue_delay}; then it is refused (503).
 *
 * <p>A request holds its permits from before it connects until its response has been relayed, so that at most that
 * many connections to the server are in use at once.
 */
final class OriginLimits {
    /** What a request holds; release it when the exchange with the origin is over. */
    interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    private static final Permit NONE = () -> { };

    private static final class Gate {
        final Semaphore permits;
        final AtomicInteger waiting = new AtomicInteger();

        Gate(int max) {
            this.permits = new Semaphore(max, true);
        }
    }

    private final int perServerMax;
    private final int queueSize;
    private final long queueDelayNanos;
    private final Gate total;
    private final Map<HttpHost, Gate> servers = new ConcurrentHashMap<>();

    /**
     * @param perServerMax requests at one server at once; 0 = no limit
     * @param totalMax     requests at all servers at once; 0 = no limit
     * @param queueSize    requests that may wait for a permit at once: 0 none (refused at once), -1 any number
     * @param queueDelay   the longest a request waits
     */
    OriginLimits(int perServerMax, int totalMax, int queueSize, Duration queueDelay) {
        this.perServerMax = perServerMax;
        this.queueSize = queueSize;
        this.queueDelayNanos = queueDelay.toNanos();
        this.total = totalMax > 0 ? new Gate(totalMax) : null;
    }

    static OriginLimits none() {
        return new OriginLimits(0, 0, 0, Duration.ZERO);
    }

    /** The permits to send a request to the server, or null when a limit is reached and the wait ended. */
    Permit acquire(HttpHost server) throws InterruptedException {
        Gate perServer = perServerMax > 0 ? servers.computeIfAbsent(server, s -> new Gate(perServerMax)) : null;
        if (perServer == null && total == null) {
            return NONE;
        }
        long deadline = System.nanoTime() + queueDelayNanos;
        if (!enter(total, deadline)) {
            return null;
        }
        if (!enter(perServer, deadline)) {
            leave(total);
            return null;
        }
        AtomicInteger closed = new AtomicInteger();
        return () -> {
            if (closed.getAndIncrement() == 0) {
                leave(perServer);
                leave(total);
            }
        };
    }

    /** Requests at the server now (for tests and stats). */
    int inUse(HttpHost server) {
        Gate g = servers.get(server);
        return g == null ? 0 : perServerMax - g.permits.availablePermits();
    }

    private boolean enter(Gate gate, long deadline) throws InterruptedException {
        if (gate == null || gate.permits.tryAcquire()) {
            return true;
        }
        if (queueSize == 0) {
            return false;
        }
        if (gate.waiting.incrementAndGet() > queueSize && queueSize > 0) {
            gate.waiting.decrementAndGet();
            return false;
        }
        try {
            return gate.permits.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } finally {
            gate.waiting.decrementAndGet();
        }
    }

    private static void leave(Gate gate) {
        if (gate != null) {
            gate.permits.release();
        }
    }
}
