package org.edgecache.web;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.edgecache.http.HtmlLinks;
import org.edgecache.http.HttpFields;
import org.edgecache.policy.UpdateEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scheduled-update run: GETs each entry's URL and, level by level up to the entry's recursion depth, the
 * same-origin links of the HTML pages found (each URL once per run, at the shallowest depth it is reachable at).
 * The GETs run on the worker pool handed in, whose size is the concurrency limit. A GET that fails (no answer, or
 * a 5xx) is retried up to {@code retryCount} times, {@code retryInterval} apart; a 4xx is final. Every completed
 * GET is logged with the run's progress.
 */
final class UpdateRun {
    private static final Logger LOG = LoggerFactory.getLogger(UpdateRun.class);

    /** GETs a URL through the cache. */
    interface Fetcher {
        Fetched fetch(URI url, HttpFields requestHeaders) throws IOException, InterruptedException;
    }

    /**
     * @param html    the body of a 200 HTML answer (for its links), else null
     * @param charset the charset its Content-Type named, or null
     */
    record Fetched(int status, byte[] html, String charset) {
    }

    /** Counters of a run, for the stats page and the log. */
    record Progress(int number, boolean active, int found, int done, int failed, int inFlight, Instant started,
            Instant finished) {
        static final Progress NONE = new Progress(0, false, 0, 0, 0, 0, null, null);
    }

    /** A URL to visit, with the entry it was found from and how many more levels of links to follow from it. */
    private record Target(URI url, UpdateEntry entry, int remaining, int depth) {
    }

    private final int number;
    private final List<UpdateEntry> entries;
    private final Fetcher fetcher;
    private final ExecutorService workers;
    private final int retryCount;
    private final Duration retryInterval;
    private final Stats stats;
    private final Clock clock;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final AtomicInteger found = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile Instant started;
    private volatile Instant finished;

    UpdateRun(int number, List<UpdateEntry> entries, Fetcher fetcher, ExecutorService workers, int retryCount,
            Duration retryInterval, Stats stats, Clock clock) {
        this.number = number;
        this.entries = List.copyOf(entries);
        this.fetcher = fetcher;
        this.workers = workers;
        this.retryCount = retryCount;
        this.retryInterval = retryInterval;
        this.stats = stats;
        this.clock = clock;
    }

    int number() {
        return number;
    }

    Progress progress() {
        return new Progress(number, finished == null, found.get(), done.get(), failed.get(), inFlight.get(), started,
                finished);
    }

    /** Runs to the end on the calling thread (the GETs on the workers). */
    void execute() throws InterruptedException {
        started = clock.instant();
        Map<String, Target> frontier = new LinkedHashMap<>();
        for (UpdateEntry e : entries) {
            String key = key(e.url());
            if (seen.add(key)) {
                found.incrementAndGet();
                frontier.put(key, new Target(e.url(), e, e.depth(), 0));
            }
        }
        LOG.info("update run {}: started with {} URL(s)", number, frontier.size());
        try {
            while (!frontier.isEmpty()) {
                List<Callable<List<Target>>> level = new ArrayList<>();
                for (Target t : frontier.values()) {
                    level.add(() -> visit(t));
                }
                Map<String, Target> next = new LinkedHashMap<>();
                for (Future<List<Target>> f : workers.invokeAll(level)) {
                    for (Target t : result(f)) {
                        next.put(key(t.url()), t);
                    }
                }
                frontier = next;
            }
        } finally {
            finished = clock.instant();
            LOG.info("update run {}: finished in {} ms: {} URL(s) found, {} done, {} failed", number,
                    Duration.between(started, finished).toMillis(), found.get(), done.get(), failed.get());
        }
    }

    private static List<Target> result(Future<List<Target>> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            LOG.warn("update: a GET task failed", e.getCause());
            return List.of();
        }
    }

    /** GETs one URL (with retries); returns the new targets its page links to. */
    private List<Target> visit(Target t) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            long t0 = System.nanoTime();
            Fetched answer = null;
            IOException error = null;
            inFlight.incrementAndGet();
            stats.add(ContentStats.UPDATE_STATE_MACHINES, 1);
            try {
                answer = fetcher.fetch(t.url(), t.entry().requestHeaders());
            } catch (IOException e) {
                error = e;
            } finally {
                inFlight.decrementAndGet();
                stats.add(ContentStats.UPDATE_STATE_MACHINES, -1);
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            String outcome = answer != null ? Integer.toString(answer.status()) : "failed (" + error + ")";
            if (answer != null && answer.status() < 400) {
                done.incrementAndGet();
                stats.increment(ContentStats.UPDATE_SUCCESSES);
                List<Target> links = links(t, answer);
                log(t, attempt, outcome, ms, "done");
                return links;
            }
            boolean retryable = answer == null || answer.status() >= 500;
            if (retryable && attempt <= retryCount) {
                log(t, attempt, outcome, ms, "retrying in " + retryInterval.toMillis() + " ms");
                Thread.sleep(retryInterval.toMillis());
                continue;
            }
            failed.incrementAndGet();
            stats.increment(ContentStats.UPDATE_FAILS);
            log(t, attempt, outcome, ms, "failed");
            return List.of();
        }
    }

    private void log(Target t, int attempt, String outcome, long ms, String verdict) {
        LOG.info("update run {}: GET {} -> {} in {} ms (depth {}, try {}): {}; found {}, done {}, failed {},"
                + " in flight {}", number, t.url(), outcome, ms, t.depth(), attempt, verdict, found.get(), done.get(),
                failed.get(), inFlight.get());
    }

    private List<Target> links(Target t, Fetched answer) {
        if (t.remaining() <= 0 || answer.html() == null) {
            return List.of();
        }
        List<Target> out = new ArrayList<>();
        for (URI link : HtmlLinks.extract(answer.html(), answer.charset(), t.url())) {
            if (sameOrigin(link, t.entry().url()) && seen.add(key(link))) {
                found.incrementAndGet();
                out.add(new Target(link, t.entry(), t.remaining() - 1, t.depth() + 1));
            }
        }
        return out;
    }

    static boolean sameOrigin(URI a, URI b) {
        return scheme(a).equals(scheme(b)) && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    /** The URL as one string per resource: lower-case scheme and host, explicit port, "/" for an empty path. */
    static String key(URI u) {
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        return scheme(u) + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port(u) + path
                + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    }

    private static String scheme(URI u) {
        return u.getScheme().toLowerCase(Locale.ROOT);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : scheme(u).equals("https") ? 443 : 80;
    }
}
