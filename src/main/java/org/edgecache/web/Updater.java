package org.edgecache.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.edgecache.policy.UpdateEntry;
import org.edgecache.policy.UpdateSchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled update (seed 003, "Scheduling Updates to Local Cache Content" and "Forcing an Immediate Update"):
 * every {@code checkInterval} it looks at the {@code update.config} entries, and starts a run of those that are
 * due ({@link UpdateSchedule}, in the configured time zone), or, in force mode, of all of them whenever no run is
 * going (so they are updated continually until force is cleared). One run at a time; each run GETs through this
 * application's own cache ({@link SelfFetcher}) with at most {@code concurrentUpdates} requests in flight.
 *
 * <p>Owns its threads (a scheduler, a runner, and a pool of {@code concurrentUpdates} workers that idle out) and
 * closes them with the engine.
 */
final class Updater implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Updater.class);

    /**
     * @param enabled           {@code proxy.config.update.enabled}: scheduled and forced runs happen at all
     * @param force             {@code proxy.config.update.force}: run all entries now and continually
     * @param retryCount        {@code proxy.config.update.retry_count}
     * @param retryInterval     {@code proxy.config.update.retry_interval}
     * @param concurrentUpdates {@code proxy.config.update.concurrent_updates}
     * @param checkInterval     how often the schedule is looked at (ATS: 10 s)
     * @param zone              the time zone the offset hours are in
     */
    record Settings(boolean enabled, boolean force, int retryCount, Duration retryInterval, int concurrentUpdates,
            Duration checkInterval, ZoneId zone) {
    }

    private final Settings settings;
    private final List<UpdateEntry> entries;
    private final Clock clock;
    private final Stats stats;
    private final SelfUrl self;
    private final UpdateRun.Fetcher fetcher;
    private final AutoCloseable fetcherResource;
    private final Map<UpdateEntry, Instant> nextRuns = new LinkedHashMap<>();
    private final ScheduledExecutorService scheduler;
    private final ExecutorService runner;
    private final ThreadPoolExecutor workers;
    private final AtomicInteger runs = new AtomicInteger();
    private volatile boolean force;
    private volatile UpdateRun current;
    private boolean warnedNoSelf;

    Updater(Settings settings, List<UpdateEntry> entries, Clock clock, Stats stats, SelfUrl self) {
        this(settings, entries, clock, stats, self, new SelfFetcher(self, settings.concurrentUpdates()));
    }

    Updater(Settings settings, List<UpdateEntry> entries, Clock clock, Stats stats, SelfUrl self,
            UpdateRun.Fetcher fetcher) {
        this.settings = settings;
        this.entries = List.copyOf(entries);
        this.clock = clock;
        this.stats = stats;
        this.self = self;
        this.fetcher = fetcher;
        this.fetcherResource = fetcher instanceof AutoCloseable c ? c : null;
        this.force = settings.force();
        Instant now = clock.instant();
        for (UpdateEntry e : this.entries) {
            nextRuns.put(e, UpdateSchedule.next(e.offsetHour(), e.interval(), now, settings.zone()));
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Engine.daemonThreads("edgecache-update-schedule"));
        this.runner = Executors.newSingleThreadExecutor(Engine.daemonThreads("edgecache-update-run"));
        this.workers = new ThreadPoolExecutor(settings.concurrentUpdates(), settings.concurrentUpdates(), 30,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(), Engine.daemonThreads("edgecache-update"));
        this.workers.allowCoreThreadTimeOut(true);
    }

    /** Starts looking at the schedule every check interval. */
    void start() {
        long period = Math.max(1, settings.checkInterval().toMillis());
        scheduler.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
        LOG.info("scheduled update: {} entr{}, {}{}; next runs {}", entries.size(), entries.size() == 1 ? "y" : "ies",
                settings.enabled() ? "enabled" : "disabled (proxy.config.update.enabled=0)",
                force ? ", force immediate update on" : "", nextRuns.values());
    }

    /** Looks at the schedule once: starts a run of the entries that are due (or of all of them when forced). */
    synchronized void tick() {
        try {
            if (!settings.enabled() || running()) {
                return;
            }
            if (self.url() == null) {
                if (!warnedNoSelf) {
                    warnedNoSelf = true;
                    LOG.warn("scheduled update: waiting for the first request to learn this cache's own URL"
                            + " (or set the context-param edgecache.self-url)");
                }
                return;
            }
            Instant now = clock.instant();
            List<UpdateEntry> due = new ArrayList<>();
            for (Map.Entry<UpdateEntry, Instant> e : nextRuns.entrySet()) {
                if (force || UpdateSchedule.isDue(e.getValue(), now)) {
                    due.add(e.getKey());
                    UpdateEntry u = e.getKey();
                    e.setValue(UpdateSchedule.next(u.offsetHour(), u.interval(), now, settings.zone()));
                }
            }
            if (!due.isEmpty()) {
                startRun(due, force ? "force immediate update" : "schedule");
            }
        } catch (RuntimeException e) {
            LOG.warn("scheduled update: tick failed", e);
        }
    }

    /** Starts a run of every entry now (the admin endpoint); returns its number, or -1 if a run is going. */
    synchronized int runNow() {
        if (running()) {
            return -1;
        }
        return startRun(entries, "request");
    }

    private int startRun(List<UpdateEntry> which, String why) {
        int number = runs.incrementAndGet();
        UpdateRun run = new UpdateRun(number, which, fetcher, workers, settings.retryCount(),
                settings.retryInterval(), stats, clock);
        current = run;
        stats.increment(ContentStats.UPDATE_RUNS);
        LOG.info("scheduled update: run {} starts ({}) with {} entr{}", number, why, which.size(),
                which.size() == 1 ? "y" : "ies");
        runner.execute(() -> {
            try {
                run.execute();
            } catch (InterruptedException e) {
                LOG.info("scheduled update: run {} interrupted", number);
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("scheduled update: run {} failed", number, e);
            }
        });
        return number;
    }

    boolean running() {
        UpdateRun r = current;
        return r != null && r.progress().active();
    }

    /** Turns force immediate update on or off (as {@code proxy.config.update.force} would). */
    void force(boolean on) {
        if (force != on) {
            LOG.info("scheduled update: force immediate update {}", on ? "on" : "off");
        }
        force = on;
    }

    boolean force() {
        return force;
    }

    Settings settings() {
        return settings;
    }

    List<UpdateEntry> entries() {
        return entries;
    }

    synchronized Map<UpdateEntry, Instant> nextRuns() {
        return new LinkedHashMap<>(nextRuns);
    }

    /** The current run's counters, or the last one's, or zeros before the first run. */
    UpdateRun.Progress progress() {
        UpdateRun r = current;
        return r == null ? UpdateRun.Progress.NONE : r.progress();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        runner.shutdownNow();
        workers.shutdownNow();
        try {
            runner.awaitTermination(5, TimeUnit.SECONDS);
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (fetcherResource != null) {
            try {
                fetcherResource.close();
            } catch (Exception e) {
                LOG.debug("closing the update client", e);
            }
        }
    }
}
