package org.edgecache.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Cache keys whose last response from the origin could not be stored (no-store, private, …), remembered for a
 * while so that concurrent requests for them go to the origin at once instead of queuing behind one another's
 * fetch: waiting on a fetch whose response will not be stored only adds its round trip to every waiter. Varnish
 * calls this hit-for-pass. Remembering a key never stops a response from being stored: a later fetch of the key
 * still leads, and its object is stored when it may be, which forgets the key.
 *
 * <p>At most {@link #MAX_KEYS} keys are remembered; past that, expired keys are dropped, and a new key is not
 * remembered while none has expired (the bound holds whatever the traffic).
 */
public final class UncacheableKeys {
    /** Keys remembered at most. */
    public static final int MAX_KEYS = 10_000;

    private final Clock clock;
    private final Duration ttl;
    private final ConcurrentMap<String, Instant> until = new ConcurrentHashMap<>();

    /** @param ttl how long a key is remembered after its response; zero remembers nothing */
    public UncacheableKeys(Clock clock, Duration ttl) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative, was " + ttl);
        }
    }

    /** Remembers nothing: every waiter waits. */
    public static UncacheableKeys off(Clock clock) {
        return new UncacheableKeys(clock, Duration.ZERO);
    }

    public Duration ttl() {
        return ttl;
    }

    /** The origin's response for this key could not be stored. */
    public void remember(String key) {
        if (ttl.isZero()) {
            return;
        }
        Instant now = clock.instant();
        if (until.size() >= MAX_KEYS && !until.containsKey(key)) {
            until.values().removeIf(t -> !now.isBefore(t));
            if (until.size() >= MAX_KEYS) {
                return;
            }
        }
        until.put(key, now.plus(ttl));
    }

    /** Whether the key's last response could not be stored, within the ttl. */
    public boolean recent(String key) {
        Instant t = until.get(key);
        if (t == null) {
            return false;
        }
        if (!clock.instant().isBefore(t)) {
            until.remove(key, t);
            return false;
        }
        return true;
    }

    /** The key's response was stored. */
    public void forget(String key) {
        until.remove(key);
    }

    /** Keys remembered now (expired ones included until they are looked at). */
    public int size() {
        return until.size();
    }
}
