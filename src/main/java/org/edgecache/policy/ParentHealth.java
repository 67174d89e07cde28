package org.edgecache.policy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether each parent may be asked, as ATS keeps it ({@code proxy.config.http.parent_proxy.fail_threshold},
 * {@code .retry_time}). A failure is a parent that could not be connected to in its
 * {@code per_parent_connect_attempts}; the first failure starts a window of {@code retry_time}; each further failure
 * within it counts, and one outside it starts a new window with the count at 1. At {@code fail_threshold}
 * failures the parent is marked down: it is skipped until {@code retry_time} after its last failure, then it is a
 * retry candidate; a retry that connects marks it up (and forgets its failures), a retry that fails keeps it down
 * for another {@code retry_time}. Thread-safe; the clock is injected.
 */
public final class ParentHealth {
    /** How a parent may be used now. */
    public enum State {
        /** Up: ask it. */
        AVAILABLE,
        /** Down, but its retry_time has passed: ask it, as a retry. */
        RETRY,
        /** Down: skip it. */
        DOWN
    }

    private static final class Record {
        Instant failedAt;
        int failCount;
        boolean available = true;
    }

    private final Clock clock;
    private final Duration retryTime;
    private final int failThreshold;
    private final Map<String, Record> records = new ConcurrentHashMap<>();

    public ParentHealth(Clock clock, Duration retryTime, int failThreshold) {
        if (failThreshold < 1) {
            throw new IllegalArgumentException("fail_threshold must be at least 1");
        }
        this.clock = clock;
        this.retryTime = retryTime;
        this.failThreshold = failThreshold;
    }

    public State state(ParentRule.Parent parent) {
        Record r = records.get(parent.authority());
        if (r == null) {
            return State.AVAILABLE;
        }
        synchronized (r) {
            if (r.available) {
                return State.AVAILABLE;
            }
            return r.failedAt.plus(retryTime).isBefore(clock.instant()) ? State.RETRY : State.DOWN;
        }
    }

    /**
     * Counts a failure of the parent.
     *
     * @param retry whether the request was a retry of a parent that was down
     * @return whether the parent is now down
     */
    public boolean failed(ParentRule.Parent parent, boolean retry) {
        Record r = records.computeIfAbsent(parent.authority(), k -> new Record());
        Instant now = clock.instant();
        synchronized (r) {
            if (r.failedAt == null || retry) {
                r.failedAt = now;
                if (!retry) {
                    r.failCount = 1;
                }
            } else if (r.failedAt.plus(retryTime).isBefore(now)) {
                r.failCount = 1;
                r.failedAt = now;
            } else {
                r.failCount++;
            }
            if (r.failCount >= failThreshold) {
                r.available = false;
            }
            return !r.available;
        }
    }

    /** Records that the parent answered; a retry that answered marks it up and forgets its failures. */
    public void succeeded(ParentRule.Parent parent, boolean retry) {
        if (!retry) {
            return;
        }
        Record r = records.get(parent.authority());
        if (r != null) {
            synchronized (r) {
                r.available = true;
                r.failedAt = null;
                r.failCount = 0;
            }
        }
    }
}
