package org.edgecache.web;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServletRequest;

import org.apache.hc.core5.http.ConnectionClosedException;
import org.edgecache.http.HttpFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background fetches of one web application, shared by every {@link BackgroundFetchFilter} in it (global and
 * per remap, as ATS's one process-wide state): at most one fetch per cache key at a time, at most
 * {@code edgecache.background-fetch.max-concurrent} at once overall, each a loopback GET through the container
 * ({@link SelfFetcher} to {@link SelfUrl}) carrying {@link #MARK} with this engine's random secret, so that the
 * filter knows it for its own and no client can pass for it. Owned and closed by the {@link Engine}.
 */
final class BackgroundFetches implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundFetchFilter.class);

    /** The request header that marks a background fetch; its value is the engine's secret. */
    static final String MARK = "X-Edgecache-Background-Fetch";
    /** The request attribute set on a request proven to be a background fetch, for every filter below. */
    static final String INTERNAL = "org.edgecache.background-fetch.internal";

    static final String MAX_CONCURRENT = "edgecache.background-fetch.max-concurrent";
    static final int DEFAULT_MAX_CONCURRENT = 10;

    static final String STARTED = "edgecache.background_fetch.started";
    static final String COMPLETED = "edgecache.background_fetch.completed";
    static final String NOT_STORED = "edgecache.background_fetch.not_stored";
    static final String FAILED = "edgecache.background_fetch.failed";
    static final String IN_PROGRESS = "edgecache.background_fetch.skipped_in_progress";
    static final String BUSY = "edgecache.background_fetch.skipped_busy";
    static final String EXCLUDED = "edgecache.background_fetch.excluded";
    static final String NOT_CACHEABLE = "edgecache.background_fetch.not_cacheable";
    static final String ACTIVE = "edgecache.background_fetch.active";
    static final String[] ALL = {STARTED, COMPLETED, NOT_STORED, FAILED, IN_PROGRESS, BUSY, EXCLUDED, NOT_CACHEABLE,
        ACTIVE};

    /** How a launch attempt went. */
    enum Launch { STARTED, IN_PROGRESS, BUSY }

    /** ATS's fetch log results. */
    enum Result { READ_COMP, EOS, TIMEOUT, ERROR }

    private final byte[] secret;
    private final String secretText;
    private final Set<String> inProgress = ConcurrentHashMap.newKeySet();
    private final Semaphore slots;
    private final ThreadPoolExecutor executor;
    private final SelfFetcher fetcher;
    private final Stats stats;

    BackgroundFetches(SelfUrl self, int maxConcurrent, Stats stats) {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        this.secretText = HexFormat.of().formatHex(random);
        this.secret = secretText.getBytes(StandardCharsets.US_ASCII);
        this.slots = new Semaphore(maxConcurrent);
        this.executor = new ThreadPoolExecutor(maxConcurrent, maxConcurrent, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), Engine.daemonThreads("edgecache-background-fetch"));
        this.executor.allowCoreThreadTimeOut(true);
        this.fetcher = new SelfFetcher(self, maxConcurrent, "edgecache-background-fetch");
        this.stats = stats;
        for (String name : ALL) {
            stats.add(name, 0);
        }
    }

    /**
     * Whether the request is a background fetch: marked so by a filter above, or carrying {@link #MARK} with the
     * secret (then marked for the filters below). A wrong mark is just a header to hide.
     */
    boolean internal(HttpServletRequest request) {
        if (Boolean.TRUE.equals(request.getAttribute(INTERNAL))) {
            return true;
        }
        String mark = request.getHeader(MARK);
        if (mark != null && MessageDigest.isEqual(secret, mark.getBytes(StandardCharsets.US_ASCII))) {
            request.setAttribute(INTERNAL, Boolean.TRUE);
            return true;
        }
        return false;
    }

    /**
     * Starts a fetch of the key unless one is running for it or every slot is taken (then nothing happens: no queue,
     * no retry, as ATS).
     *
     * @param target  the request-target to GET (path and query)
     * @param headers the request's fields without Range and conditionals (Host among them)
     * @param fetchLog the fetch log, or null
     */
    Launch launch(String key, String target, HttpFields headers, Logger fetchLog) {
        if (!inProgress.add(key)) {
            stats.increment(IN_PROGRESS);
            return Launch.IN_PROGRESS;
        }
        if (!slots.tryAcquire()) {
            inProgress.remove(key);
            stats.increment(BUSY);
            return Launch.BUSY;
        }
        stats.increment(STARTED);
        stats.add(ACTIVE, 1);
        try {
            executor.execute(() -> {
                String outcome = FAILED;
                try {
                    outcome = fetch(key, target, headers, fetchLog);
                } finally {
                    release(key);
                    // counted after the release: whoever sees the outcome finds the key and the slot free
                    stats.increment(outcome);
                }
            });
        } catch (RejectedExecutionException e) {
            release(key);
            stats.increment(FAILED);
        }
        return Launch.STARTED;
    }

    private void release(String key) {
        stats.add(ACTIVE, -1);
        inProgress.remove(key);
        slots.release();
    }

    /** Runs one fetch; returns the counter of its outcome. */
    private String fetch(String key, String target, HttpFields headers, Logger fetchLog) {
        HttpFields marked = headers.toBuilder().set(MARK, secretText).build();
        Result result;
        String outcome;
        long bytes = 0;
        try {
            SelfFetcher.Replayed r = fetcher.replay(target, marked);
            bytes = r.bytes();
            result = Result.READ_COMP;
            String cs = r.cacheStatus() == null ? "" : r.cacheStatus();
            boolean inCache = r.status() == 200 && inCache(cs);
            if (inCache) {
                outcome = COMPLETED;
                LOG.debug("background fetch of {}: {} ({})", key, r.status(), cs);
            } else {
                outcome = NOT_STORED;
                LOG.info("background fetch of {}: {}, not stored ({})", key, r.status(), cs);
            }
        } catch (SocketTimeoutException e) {
            result = Result.TIMEOUT;
            outcome = FAILED;
            LOG.warn("background fetch of {} timed out: {}", key, e.toString());
        } catch (ConnectionClosedException e) {
            result = Result.EOS;
            outcome = FAILED;
            LOG.warn("background fetch of {} ended early: {}", key, e.toString());
        } catch (IOException | RuntimeException e) {
            result = Result.ERROR;
            outcome = FAILED;
            LOG.warn("background fetch of {} failed: {}", key, e.toString());
        }
        if (fetchLog != null) {
            fetchLog.info("{}", logLine(Instant.now(), bytes, result, key));
        }
        return outcome;
    }

    /**
     * Whether the cache's answer (its Cache-Status member) says the object is in the cache now: stored by this
     * fetch, a hit, a stored copy refreshed by a 304, or served from another request's fill (collapsed).
     */
    static boolean inCache(String cacheStatus) {
        String member = cacheStatus.substring(cacheStatus.lastIndexOf(',') + 1).strip();
        List<String> params = List.of(member.split("\\s*;\\s*"));
        return params.contains("stored") || params.contains("hit") || params.contains("fwd-status=304")
                || params.contains("collapsed");
    }

    /** ATS's log line: {@code <time> - <bytes> <result> <cache key>}, the time in seconds with milliseconds. */
    static String logLine(Instant time, long bytes, Result result, String key) {
        return String.format(java.util.Locale.ROOT, "%d.%03d - %d %s %s", time.getEpochSecond(),
                time.getNano() / 1_000_000, bytes, result, key);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        fetcher.close();
    }
}
