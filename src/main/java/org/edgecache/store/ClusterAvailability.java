package org.edgecache.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Whether this node uses the clustered tier or its node-local fallback: {@link State#UP} until an operation on the
 * clustered tier fails, then {@link State#DOWN} at once (every request goes to the fallback without waiting for the
 * server), with a probe of the server due every {@code probeInterval} (by the injected clock) until one succeeds.
 * Each change of state is reported once, to the caller whose call made it, so that exactly one caller clears the
 * fallback. Thread-safe.
 */
final class ClusterAvailability {
    enum State { UP, DOWN }

    /** What a call changed. */
    enum Change { NONE, WENT_DOWN, WENT_UP }

    private final Clock clock;
    private final Duration probeInterval;
    private State state = State.UP;
    private Instant downSince;
    private Instant nextProbe;
    private long outages;

    ClusterAvailability(Clock clock, Duration probeInterval) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.probeInterval = Objects.requireNonNull(probeInterval, "probeInterval");
        if (probeInterval.isNegative() || probeInterval.isZero()) {
            throw new IllegalArgumentException("the probe interval must be positive: " + probeInterval);
        }
    }

    synchronized State state() {
        return state;
    }

    synchronized boolean up() {
        return state == State.UP;
    }

    /** An operation on the clustered tier failed (timed out, or the connection is gone). */
    synchronized Change failed() {
        Instant now = clock.instant();
        if (state == State.DOWN) {
            return Change.NONE;
        }
        state = State.DOWN;
        downSince = now;
        nextProbe = now.plus(probeInterval);
        outages++;
        return Change.WENT_DOWN;
    }

    /** Whether the server should be probed now; true at most once a probe interval (the caller then reports). */
    synchronized boolean probeDue() {
        if (state == State.UP) {
            return false;
        }
        Instant now = clock.instant();
        if (now.isBefore(nextProbe)) {
            return false;
        }
        nextProbe = now.plus(probeInterval);
        return true;
    }

    /** A probe of the server failed: the next one is due a probe interval from now. */
    synchronized void probeFailed() {
        if (state == State.DOWN) {
            nextProbe = clock.instant().plus(probeInterval);
        }
    }

    /** A probe of the server succeeded: the clustered tier is used again. */
    synchronized Change probeSucceeded() {
        if (state == State.UP) {
            return Change.NONE;
        }
        state = State.UP;
        downSince = null;
        nextProbe = null;
        return Change.WENT_UP;
    }

    /** Since when the clustered tier is down, or null while it is up. */
    synchronized Instant downSince() {
        return downSince;
    }

    /** How many times the clustered tier went down. */
    synchronized long outages() {
        return outages;
    }
}
