package org.edgecache.store;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One origin fetch in progress for a cache key, as other requests for the key see it: first nothing (the leader
 * is waiting for the origin), then the head of an object being stored and how many body bytes are already
 * readable from the store, then an outcome. Waiters are woken at each change, never polled.
 */
public final class InFlightFill {
    /** Where the fetch stands. */
    public enum State {
        /** The leader has gone to the origin; no response head yet. */
        PENDING,
        /** The response is being stored: {@link #head()} is known and body bytes become readable as chunks fill. */
        STORING,
        /** The object is committed: a lookup finds it. */
        COMMITTED,
        /** The origin said 304 and the stored object was refreshed: a lookup finds it fresh. */
        REFRESHED,
        /** The response is not being stored (not cacheable, or an error): waiters go to the origin themselves. */
        NOT_STORED,
        /** The fetch failed or was aborted: waiters go to the origin themselves. */
        FAILED;

        public boolean done() {
            return this != PENDING && this != STORING;
        }

        /** True when a fresh lookup will find what the leader fetched. */
        public boolean lookupWillHit() {
            return this == COMMITTED || this == REFRESHED;
        }
    }

    /** A consistent view: the state, and the body bytes readable from the store so far. */
    public record Progress(State state, long readableBytes) {
    }

    private final String key;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private State state = State.PENDING;
    private Head head;
    private String objectId;
    private int chunkSize;
    private long readable;
    private int followers;

    InFlightFill(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** The head of the object being stored (body fields unset), or null before {@link State#STORING}. */
    public Head head() {
        lock.lock();
        try {
            return head;
        } finally {
            lock.unlock();
        }
    }

    /** A head for reading the chunks already stored: the in-flight object as if it ended at the readable bytes. */
    public StoredObject readableSoFar() {
        lock.lock();
        try {
            return head == null ? null : new StoredObject(key, head.withBody(objectId, readable, chunkSize));
        } finally {
            lock.unlock();
        }
    }

    public Progress progress() {
        lock.lock();
        try {
            return new Progress(state, readable);
        } finally {
            lock.unlock();
        }
    }

    /** The leader has started storing the response. */
    public void storing(Head storedHead, String id, int chunkPayload) {
        lock.lock();
        try {
            if (state == State.PENDING) {
                this.head = storedHead;
                this.objectId = id;
                this.chunkSize = chunkPayload;
                state = State.STORING;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The store now holds at least this many body bytes of the object, in whole chunks. */
    public void readable(long bytes) {
        lock.lock();
        try {
            if (bytes > readable) {
                readable = bytes;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The fetch ended; the first outcome wins. */
    public void finish(State outcome) {
        if (!outcome.done()) {
            throw new IllegalArgumentException("not an outcome: " + outcome);
        }
        lock.lock();
        try {
            if (!state.done()) {
                state = outcome;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the fill is {@link State#STORING} (when {@code untilStoring}) or done, at most {@code max}.
     *
     * @return the state then (still PENDING, or STORING when not wanted, if the time ran out)
     */
    public State await(Duration max, boolean untilStoring) throws InterruptedException {
        long nanos = max.toNanos();
        lock.lock();
        try {
            while (!(state.done() || (untilStoring && state == State.STORING)) && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            return state;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until more than {@code have} bytes are readable or the fill is done, at most {@code max}. */
    public Progress awaitReadable(long have, Duration max) throws InterruptedException {
        long nanos = max.toNanos();
        lock.lock();
        try {
            while (readable <= have && !state.done() && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            return new Progress(state, readable);
        } finally {
            lock.unlock();
        }
    }

    void follow() {
        lock.lock();
        try {
            followers++;
        } finally {
            lock.unlock();
        }
    }

    /** How many requests have waited on this fill. */
    public int followers() {
        lock.lock();
        try {
            return followers;
        } finally {
            lock.unlock();
        }
    }

    /** Sleeps for the given time unless the fill changes first; for open read retries. */
    public void awaitChange(Duration max) throws InterruptedException {
        lock.lock();
        try {
            State before = state;
            long readableBefore = readable;
            long nanos = max.toNanos();
            while (state == before && readable == readableBefore && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "InFlightFill[" + key + " " + progress() + "]";
    }
}
