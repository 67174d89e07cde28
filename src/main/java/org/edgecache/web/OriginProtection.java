package org.edgecache.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.hc.core5.http.HttpHost;
import org.edgecache.policy.Congestion;
import org.edgecache.policy.CongestionConfig;
import org.edgecache.policy.CongestionRule;
import org.edgecache.policy.FlowControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Origin protection (seed 003, "Using Congestion Control" and "Using Transaction Buffering Control"): congestion
 * control, origin connection limits and the transaction buffer. Built from context-params by
 * {@link EdgeCacheListener}; {@link OriginProxyServlet} asks it for an {@link Admission} before each origin request.
 */
public final class OriginProtection {
    private static final Logger LOG = LoggerFactory.getLogger(OriginProtection.class);

    public static final String CONGESTION_ENABLED = "proxy.config.http.congestion_control.enabled";
    public static final String CONGESTION_FILE = "proxy.config.http.congestion_control.filename";
    public static final String PER_SERVER_MAX = "proxy.config.http.per_server.connection.max";
    public static final String QUEUE_SIZE = "proxy.config.http.per_server.connection.queue_size";
    public static final String QUEUE_DELAY = "proxy.config.http.per_server.connection.queue_delay";
    public static final String SERVER_MAX = "proxy.config.http.server_max_connections";
    public static final String FLOW_ENABLED = "proxy.config.http.flow_control.enabled";
    public static final String FLOW_HIGH = "proxy.config.http.flow_control.high_water";
    public static final String FLOW_LOW = "proxy.config.http.flow_control.low_water";
    /** The flow-control records, which {@link ConfRemapFilter} also takes per URL pattern. */
    public static final java.util.Set<String> FLOW_NAMES = java.util.Set.of(FLOW_ENABLED, FLOW_HIGH, FLOW_LOW);
    /** The request attribute holding a per-URL-pattern {@link FlowControl} (set by {@link ConfRemapFilter}). */
    public static final String FLOW_ATTRIBUTE = "org.edgecache.flow-control";

    /** Servers made congested by connection failures or 503s (ATS's name). */
    public static final String STAT_CONGESTED = "proxy.process.congestion.congested_on_conn_failures";
    /** Requests answered 503 because their origin was congested. */
    public static final String STAT_REFUSED = "edgecache.congestion.refused";
    /** Requests answered 503 because a connection limit was reached and the wait ended (ATS's name). */
    public static final String STAT_THROTTLED = "proxy.process.http.origin_connections_throttled_out";

    static final String BUILT_IN_PAGE = """
            <html><head><title>Origin Server Congested</title></head>
            <body><h1>Origin Server Congested</h1>
            <p>The origin server is congested. Please try again later.</p></body></html>
            """;

    private final boolean congestionEnabled;
    private final List<CongestionRule> rules;
    private final Map<Integer, byte[]> pages;
    private final Congestion congestion = new Congestion();
    private final OriginLimits limits;
    private final FlowControl flow;
    private final Clock clock;
    private final Stats stats;

    OriginProtection(boolean congestionEnabled, List<CongestionRule> rules, Map<Integer, byte[]> pages,
            OriginLimits limits, FlowControl flow, Clock clock, Stats stats) {
        this.congestionEnabled = congestionEnabled;
        this.rules = rules;
        this.pages = pages;
        this.limits = limits;
        this.flow = flow;
        this.clock = clock;
        this.stats = stats;
        stats.add(STAT_CONGESTED, 0);
        stats.add(STAT_REFUSED, 0);
        stats.add(STAT_THROTTLED, 0);
    }

    /** Nothing tracked, no limits, no flow control. */
    static OriginProtection none(Clock clock, Stats stats) {
        return new OriginProtection(false, List.of(), Map.of(), OriginLimits.none(), FlowControl.off(), clock, stats);
    }

    /** Reads the parameters and the congestion.config file; a bad value or line fails with a {@link ConfigException}. */
    static OriginProtection from(Params p, Clock clock, Stats stats) {
        boolean enabled = p.bool(CONGESTION_ENABLED, false);
        String file = p.raw(CONGESTION_FILE);
        List<CongestionRule> rules = List.of();
        Map<Integer, byte[]> pages = new HashMap<>();
        if (file != null && !file.isEmpty()) {
            Path path = readable(p, CONGESTION_FILE, file);
            List<String> lines = lines(p, CONGESTION_FILE, path);
            try {
                rules = CongestionConfig.parse(file, lines);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(p.scope() + ": parameter '" + CONGESTION_FILE + "': " + e.getMessage());
            }
            for (CongestionRule r : rules) {
                if (r.errorPage() != null) {
                    Path page = path.toAbsolutePath().getParent().resolve(r.errorPage());
                    try {
                        pages.put(r.line(), Files.readAllBytes(page));
                    } catch (IOException | InvalidPathException e) {
                        throw new ConfigException(p.scope() + ": parameter '" + CONGESTION_FILE + "': " + file
                                + " line " + r.line() + ": error_page '" + r.errorPage() + "' cannot be read from "
                                + page + " (" + e + ")");
                    }
                }
            }
        } else if (enabled) {
            throw new ConfigException(p.scope() + ": parameter '" + CONGESTION_ENABLED + "' is 1 but '"
                    + CONGESTION_FILE + "' names no congestion.config file; name one (its rules say which origins"
                    + " are tracked)");
        }
        int perServer = (int) p.integer(PER_SERVER_MAX, 0, 0, 65_536);
        int total = (int) p.integer(SERVER_MAX, 0, 0, 65_536);
        int queueSize = (int) p.integer(QUEUE_SIZE, 0, -1, 1_000_000);
        Duration queueDelay = Duration.ofMillis(p.integer(QUEUE_DELAY, 100, 0, 3_600_000));
        FlowControl flow = flowControl(p, FlowControl.off());
        return new OriginProtection(enabled, rules, Map.copyOf(pages),
                new OriginLimits(perServer, total, queueSize, queueDelay), flow, clock, stats);
    }

    public FlowControl flowControl() {
        return flow;
    }

    /** The request's flow control: its URL pattern's (a {@link ConfRemapFilter}'s), else the global one. */
    FlowControl flowControl(HttpServletRequest request) {
        return request.getAttribute(FLOW_ATTRIBUTE) instanceof FlowControl f ? f : flow;
    }

    /**
     * The flow-control records among the parameters, over the given ones: an absent {@code enabled} keeps the given
     * one; with neither mark set the given marks stay, with one set the other takes its value.
     */
    static FlowControl flowControl(Params p, FlowControl over) {
        boolean enabled = p.bool(FLOW_ENABLED, over.enabled());
        long high = size(p, FLOW_HIGH);
        long low = size(p, FLOW_LOW);
        if (high == 0 && low == 0) {
            return new FlowControl(enabled, over.highWater(), over.lowWater());
        }
        return FlowControl.of(enabled, high, low);
    }

    int congestedServers() {
        return congestion.congestedServers(clock.instant());
    }

    /** Whether a request may go to the origin now; the caller closes the admission when the exchange is over. */
    Admission admit(HttpHost origin, String path) throws InterruptedException {
        CongestionRule rule = null;
        String server = null;
        Congestion.Verdict verdict = Congestion.Verdict.FORWARD;
        if (congestionEnabled && !rules.isEmpty()) {
            String ip = ip(origin.getHostName());
            Optional<CongestionRule> r = CongestionConfig.match(rules, origin.getSchemeName(), origin.getHostName(),
                    ip, origin.getPort(), path);
            if (r.isPresent()) {
                rule = r.get();
                server = rule.tracking() == CongestionRule.Tracking.PER_HOST || ip == null
                        ? origin.getHostName() + ":" + origin.getPort() : ip + ":" + origin.getPort();
                verdict = congestion.check(rule, server, clock.instant());
                if (!verdict.forward()) {
                    stats.increment(STAT_REFUSED);
                    return new Admission(rule, server, verdict, null, Refusal.CONGESTED);
                }
            }
        }
        OriginLimits.Permit permit = limits.acquire(origin);
        if (permit == null) {
            stats.increment(STAT_THROTTLED);
            return new Admission(rule, server, verdict, null, Refusal.OVER_LIMIT);
        }
        return new Admission(rule, server, verdict, permit, null);
    }

    enum Refusal { CONGESTED, OVER_LIMIT }

    /** One request's way to the origin: refused, or let through holding its connection permits. */
    final class Admission implements AutoCloseable {
        private final CongestionRule rule;
        private final String server;
        private final Congestion.Verdict verdict;
        private final OriginLimits.Permit permit;
        private final Refusal refusal;

        private Admission(CongestionRule rule, String server, Congestion.Verdict verdict, OriginLimits.Permit permit,
                Refusal refusal) {
            this.rule = rule;
            this.server = server;
            this.verdict = verdict;
            this.permit = permit;
            this.refusal = refusal;
        }

        boolean refused() {
            return refusal != null;
        }

        /** The connect timeout the congestion rule wants, or null for the servlet's own. */
        Duration connectTimeout() {
            return rule == null ? null : Congestion.connectTimeout(rule, verdict);
        }

        /** The connection to the origin failed, timed out or gave no valid answer. */
        void failed() {
            if (rule != null && congestion.failed(rule, server, clock.instant())) {
                stats.increment(STAT_CONGESTED);
                LOG.warn("origin {} is congested (congestion.config line {}); no requests for {} s", server,
                        rule.line(), rule.proxyRetryInterval().toSeconds());
            }
        }

        /** The origin answered; a 503 counts as a failure. */
        void answered(int status) {
            if (status == HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
                failed();
            } else if (rule != null) {
                congestion.succeeded(rule, server, clock.instant());
            }
        }

        /** Answers the refused request: 503, with Retry-After and the rule's page when the origin is congested. */
        void refuse(HttpServletRequest clientRequest, HttpServletResponse clientResponse, String originName)
                throws IOException {
            if (refusal == Refusal.CONGESTED) {
                clientRequest.setAttribute(OriginFailure.ATTRIBUTE, OriginFailure.CONGESTED);
                byte[] body = pages.getOrDefault(rule.line(), BUILT_IN_PAGE.getBytes(StandardCharsets.UTF_8));
                clientResponse.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
                clientResponse.setHeader("Retry-After", Long.toString(
                        Congestion.retryAfter(rule, ThreadLocalRandom.current().nextDouble()).toSeconds()));
                clientResponse.setContentType("text/html;charset=utf-8");
                clientResponse.setHeader("Cache-Control", "no-store");
                clientResponse.setContentLength(body.length);
                clientResponse.getOutputStream().write(body);
            } else {
                clientRequest.setAttribute(OriginFailure.ATTRIBUTE, OriginFailure.OVER_LIMIT);
                OriginProxyServlet.plainError(clientResponse, HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                        "edgecache: too many connections to origin " + originName + "; try again later\n");
            }
        }

        @Override
        public void close() {
            if (permit != null) {
                permit.close();
            }
        }
    }

    private static String ip(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static Path readable(Params p, String name, String file) {
        try {
            return Path.of(file);
        } catch (InvalidPathException e) {
            throw new ConfigException(p.scope() + ": parameter '" + name + "' names the file '" + file
                    + "', which is not a path (" + e.getMessage() + ")");
        }
    }

    private static List<String> lines(Params p, String name, Path path) {
        try {
            return Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(p.scope() + ": parameter '" + name + "' names the file '" + path
                    + "', which cannot be read (" + e + ")");
        }
    }

    private static long size(Params p, String name) {
        String v = p.raw(name);
        if (v == null || v.isEmpty()) {
            return 0;
        }
        try {
            return org.edgecache.store.StoreConfig.parseSize(name, v);
        } catch (IllegalArgumentException e) {
            throw p.error(name, v, "a byte count with an optional k, m, g or t suffix");
        }
    }
}
