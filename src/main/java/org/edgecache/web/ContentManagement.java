package org.edgecache.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import jakarta.servlet.http.HttpServletRequest;

import org.edgecache.policy.IpAllow;
import org.edgecache.policy.UpdateConfig;
import org.edgecache.policy.UpdateEntry;
import org.edgecache.store.StoreConfig;

/**
 * Content management (seed 003: "Pushing Content into the Cache", "Scheduling Updates to Local Cache Content",
 * "Forcing an Immediate Update", plus PURGE): whether PUSH is on, who may PUSH, PURGE and reach the admin endpoints
 * ({@link IpAllow}), and the scheduled updater. Built from context-params by {@link EdgeCacheListener}, owned and
 * closed by the {@link Engine}.
 */
public final class ContentManagement implements AutoCloseable {
    public static final String PUSH_ENABLED = "proxy.config.http.push_method_enabled";
    public static final String PUSH_MAX_SIZE = "edgecache.push.max-size";
    public static final String IP_ALLOW_FILE = "proxy.config.cache.ip_allow.filename";
    public static final String UPDATE_ENABLED = "proxy.config.update.enabled";
    public static final String UPDATE_FORCE = "proxy.config.update.force";
    public static final String UPDATE_RETRY_COUNT = "proxy.config.update.retry_count";
    public static final String UPDATE_RETRY_INTERVAL = "proxy.config.update.retry_interval";
    public static final String UPDATE_CONCURRENT = "proxy.config.update.concurrent_updates";
    public static final String UPDATE_FILE = "proxy.config.update.update_configuration";
    public static final String UPDATE_CHECK_INTERVAL = "edgecache.update.check-interval";
    public static final String UPDATE_TIME_ZONE = "edgecache.update.time-zone";
    public static final String SELF_URL = "edgecache.self-url";

    private final boolean pushEnabled;
    private final long pushMaxSize;
    private final IpAllow ipAllow;
    private final SelfUrl self;
    private final Updater updater;

    ContentManagement(boolean pushEnabled, long pushMaxSize, IpAllow ipAllow, SelfUrl self, Updater updater) {
        this.pushEnabled = pushEnabled;
        this.pushMaxSize = pushMaxSize;
        this.ipAllow = ipAllow;
        this.self = self;
        this.updater = updater;
    }

    /** PUSH off, ATS's default access rules, no scheduled update. */
    static ContentManagement defaults() {
        return new ContentManagement(false, 0, IpAllow.defaults(), new SelfUrl(null), null);
    }

    /** Reads the parameters and files; a bad value or line fails with a {@link ConfigException}. */
    static ContentManagement from(Params p, Clock clock, Stats stats) {
        ContentStats.register(stats);
        boolean push = p.bool(PUSH_ENABLED, false);
        long maxSize = size(p, PUSH_MAX_SIZE);
        IpAllow ipAllow = file(p, IP_ALLOW_FILE, IpAllow::parse);
        if (ipAllow == null) {
            ipAllow = IpAllow.defaults();
        }
        String selfValue = p.raw(SELF_URL);
        SelfUrl self = new SelfUrl(selfValue == null || selfValue.isEmpty() ? null : p.httpUri(SELF_URL, null));
        boolean enabled = p.bool(UPDATE_ENABLED, false);
        boolean force = p.bool(UPDATE_FORCE, false);
        Updater.Settings settings = new Updater.Settings(enabled, force,
                (int) p.integer(UPDATE_RETRY_COUNT, 10, 0, 1000),
                Duration.ofSeconds(p.integer(UPDATE_RETRY_INTERVAL, 2, 0, 86_400)),
                (int) p.integer(UPDATE_CONCURRENT, 100, 1, 1000),
                Duration.ofMillis(p.integer(UPDATE_CHECK_INTERVAL, 10_000, 10, 3_600_000)),
                zone(p));
        List<UpdateEntry> entries = file(p, UPDATE_FILE, UpdateConfig::parse);
        Updater updater = null;
        if (entries == null) {
            if (enabled) {
                throw new ConfigException(p.scope() + ": parameter '" + UPDATE_ENABLED + "' is 1 but '" + UPDATE_FILE
                        + "' names no update.config file; name one (its URLs are what the scheduled update loads)");
            }
        } else {
            updater = new Updater(settings, entries, clock, stats, self);
        }
        return new ContentManagement(push, maxSize, ipAllow, self, updater);
    }

    /** Starts the scheduled update, if there is one. */
    void start() {
        if (updater != null) {
            updater.start();
        }
    }

    public boolean pushEnabled() {
        return pushEnabled;
    }

    /** The largest pushed object in bytes (head and body), 0 for no limit. */
    public long pushMaxSize() {
        return pushMaxSize;
    }

    public IpAllow ipAllow() {
        return ipAllow;
    }

    /** The scheduled updater, or null when no update.config is configured. */
    Updater updater() {
        return updater;
    }

    SelfUrl self() {
        return self;
    }

    /** Whether the request's client may use the method ({@link IpAllow#ADMIN} for the admin endpoints). */
    boolean permits(HttpServletRequest request, String method) {
        String addr = request.getRemoteAddr();
        if (addr == null) {
            return false;
        }
        try {
            // an address literal: no name lookup happens
            String literal = addr.startsWith("[") && addr.endsWith("]") ? addr.substring(1, addr.length() - 1) : addr;
            return ipAllow.permits(InetAddress.getByName(literal), method);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The scheduled update's lines for the stats page ({@code proxy.process.update.run.*}). */
    void appendStats(StringBuilder sb) {
        if (updater == null) {
            return;
        }
        UpdateRun.Progress pr = updater.progress();
        line(sb, "proxy.process.update.run.number", pr.number());
        line(sb, "proxy.process.update.run.active", pr.active() ? 1 : 0);
        line(sb, "proxy.process.update.run.urls_found", pr.found());
        line(sb, "proxy.process.update.run.urls_done", pr.done());
        line(sb, "proxy.process.update.run.urls_failed", pr.failed());
        line(sb, "proxy.process.update.run.in_flight", pr.inFlight());
        line(sb, "proxy.process.update.force", updater.force() ? 1 : 0);
    }

    private static void line(StringBuilder sb, String name, long value) {
        sb.append(name).append(' ').append(value).append('\n');
    }

    /** The next run of each entry, for the admin page. */
    Map<UpdateEntry, Instant> nextRuns() {
        return updater == null ? Map.of() : updater.nextRuns();
    }

    @Override
    public void close() {
        if (updater != null) {
            updater.close();
        }
    }

    private static long size(Params p, String name) {
        String v = p.raw(name);
        if (v == null || v.isEmpty()) {
            return 0;
        }
        try {
            return StoreConfig.parseSize(name, v);
        } catch (IllegalArgumentException e) {
            throw p.error(name, v, "a byte count with an optional k, m, g or t suffix (0: no limit)");
        }
    }

    private static ZoneId zone(Params p) {
        String v = p.raw(UPDATE_TIME_ZONE);
        if (v == null || v.isEmpty()) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(v);
        } catch (DateTimeException e) {
            throw p.error(UPDATE_TIME_ZONE, v, "a time zone ID such as UTC, Europe/Paris or +02:00");
        }
    }

    /** Parses the file the parameter names with the given parser (source name, lines); null when unset. */
    private static <T> T file(Params p, String name, BiFunction<String, List<String>, T> parser) {
        String v = p.raw(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(v), StandardCharsets.UTF_8);
        } catch (IOException | InvalidPathException e) {
            throw new ConfigException(p.scope() + ": parameter '" + name + "' names the file '" + v
                    + "', which cannot be read (" + e + ")");
        }
        try {
            return parser.apply(v, lines);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(p.scope() + ": parameter '" + name + "': " + e.getMessage());
        }
    }

    /** For the admin page. */
    URI selfUrl() {
        return self.url();
    }
}
