package org.edgecache.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which origin servers are congested (seed 003, "Using Congestion Control"): a server whose connections fail
 * {@code max_connection_failures} times within {@code fail_window} is congested and gets no requests for
 * {@code proxy_retry_interval}; then requests go to it again (with the rule's {@code dead_os_conn_timeout}), and the
 * first one that fails makes it congested again at once, the first one that succeeds makes it healthy.
 *
 * <p>One tracker per rule line and server (an IP address or a host name, as the rule's {@code congestion_scheme}
 * says). Time is passed in; the methods are safe to call from many threads.
 */
public final class Congestion {

    public enum Verdict {
        /** Not congested: forward with the rule's {@code live_os_conn_timeout}. */
        FORWARD,
        /** Was congested and {@code proxy_retry_interval} has passed: forward with {@code dead_os_conn_timeout}. */
        RETRY,
        /** Congested: answer 503 with {@code Retry-After} and the rule's page. */
        REFUSE;

        public boolean forward() {
            return this != REFUSE;
        }
    }

    private record Key(int line, String server) {
    }

    private static final class State {
        final ArrayDeque<Instant> failures = new ArrayDeque<>();
        Instant congestedUntil;
    }

    private final Map<Key, State> states = new ConcurrentHashMap<>();

    /** Whether a request may go to the server now. */
    public Verdict check(CongestionRule rule, String server, Instant now) {
        State s = states.get(new Key(rule.line(), server));
        if (s == null) {
            return Verdict.FORWARD;
        }
        synchronized (s) {
            if (s.congestedUntil == null) {
                return Verdict.FORWARD;
            }
            return now.isBefore(s.congestedUntil) ? Verdict.REFUSE : Verdict.RETRY;
        }
    }

    /**
     * Records a failed connection (refused, timed out, no valid answer) or a 503 from the server.
     *
     * @return true when this failure made the server congested
     */
    public boolean failed(CongestionRule rule, String server, Instant now) {
        State s = states.computeIfAbsent(new Key(rule.line(), server), k -> new State());
        synchronized (s) {
            if (s.congestedUntil != null) {
                if (now.isBefore(s.congestedUntil)) {
                    return false;
                }
                s.congestedUntil = now.plus(rule.proxyRetryInterval());
                return true;
            }
            Instant windowStart = now.minus(rule.failWindow());
            while (!s.failures.isEmpty() && !s.failures.peekFirst().isAfter(windowStart)) {
                s.failures.removeFirst();
            }
            s.failures.addLast(now);
            if (s.failures.size() >= rule.maxConnectionFailures()) {
                s.failures.clear();
                s.congestedUntil = now.plus(rule.proxyRetryInterval());
                return true;
            }
            return false;
        }
    }

    /**
     * Records an answer that is not a failure. A server that was congested and is being tried again is healthy from
     * now on; an answer to a request sent before the server became congested changes nothing.
     */
    public void succeeded(CongestionRule rule, String server, Instant now) {
        Key key = new Key(rule.line(), server);
        State s = states.get(key);
        if (s == null) {
            return;
        }
        synchronized (s) {
            if (s.congestedUntil != null && !now.isBefore(s.congestedUntil)) {
                s.congestedUntil = null;
                s.failures.clear();
            }
        }
    }

    /** The number of servers congested now, for the stats page. */
    public int congestedServers(Instant now) {
        int n = 0;
        for (State s : states.values()) {
            synchronized (s) {
                if (s.congestedUntil != null && now.isBefore(s.congestedUntil)) {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * The {@code Retry-After} a refused client gets: {@code client_wait_interval} plus a random part of up to
     * {@code wait_interval_alpha} (so that the refused clients do not all come back at once).
     *
     * @param random a number in [0, 1)
     */
    public static Duration retryAfter(CongestionRule rule, double random) {
        long alpha = rule.waitIntervalAlpha().toSeconds();
        return rule.clientWaitInterval().plusSeconds((long) Math.floor(random * (alpha + 1)));
    }

    /** The connect timeout for a request the verdict lets through. */
    public static Duration connectTimeout(CongestionRule rule, Verdict verdict) {
        return verdict == Verdict.RETRY ? rule.deadOsConnTimeout() : rule.liveOsConnTimeout();
    }
}
