package org.edgecache.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.edgecache.http.HopByHop;
import org.edgecache.http.HttpFields;
import org.edgecache.policy.BackgroundFetchRules;
import org.edgecache.policy.BackgroundFetchTrigger;
import org.edgecache.policy.CacheSettings;
import org.edgecache.policy.Lookup;
import org.edgecache.policy.Storability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ATS's background_fetch plugin (seed 000; ATS behaviour §1): when the origin answers a client's GET with a 206 that
 * the cache would store as a 200 ({@code allow-304}: a 304 too), the request is replayed in the background without
 * {@code Range} and its conditionals, through this web application itself, so that the whole object fills the
 * cache; the client's own response goes on untouched. Map it first, above every other edgecache filter: to
 * {@code /*} it is the global plugin, to patterns it is per remap.
 *
 * <p>The replay is a loopback GET ({@link BackgroundFetches}) marked with a per-engine secret that this filter
 * checks and hides from everything below, so it never triggers another fetch and no client can forge the mark.
 * One fetch per cache key at a time, a bounded number at once; the rules file ({@code config}) may include or
 * exclude by client header, client address and the 206's length; {@code log} names a logger that gets one line per
 * fetch. Failures are logged and counted, never seen by the client. See docs/background-fetch.md.
 */
public class BackgroundFetchFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(BackgroundFetchFilter.class);

    /** Left out of the replay: the range and the client's own preconditions (ATS's FILTER_HEADERS). */
    static final Set<String> NOT_REPLAYED = Set.of("range", "if-range", "if-match", "if-none-match",
            "if-modified-since", "if-unmodified-since", "content-length", "expect");

    private transient Engine engine;
    private transient BackgroundFetchOptions options;
    private transient BackgroundFetchRules rules;
    private transient BackgroundFetches fetches;
    private transient Logger fetchLog;

    @Override
    public void init() throws ServletException {
        String scope = "filter '" + getFilterName() + "'";
        try {
            options = BackgroundFetchOptions.from(new Params(scope, getFilterConfig()::getInitParameter,
                    Params::systemLookup), Collections.list(getFilterConfig().getInitParameterNames()));
            rules = options.config() == null ? BackgroundFetchRules.none() : readRules(scope, options.config());
            engine = Engine.of(getServletContext());
            Params context = EdgeCacheListener.contextParams(getServletContext());
            int max = (int) context.integer(BackgroundFetches.MAX_CONCURRENT, BackgroundFetches.DEFAULT_MAX_CONCURRENT,
                    1, 10_000);
            fetches = engine.backgroundFetches(() -> new BackgroundFetches(engine.content().self(), max,
                    engine.stats()));
            fetchLog = options.log() == null ? null : LoggerFactory.getLogger(options.log());
        } catch (ConfigException e) {
            LOG.error("{}", e.getMessage());
            throw new ServletException(e.getMessage(), e);
        }
        LOG.info("{}: background_fetch with {} rule(s){}{}", scope, rules.rules().size(),
                options.allow304() ? ", allow-304" : "", options.log() == null ? "" : ", log " + options.log());
    }

    private static BackgroundFetchRules readRules(String scope, String file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | InvalidPathException e) {
            throw new ConfigException(scope + ": parameter 'config' names the file '" + file
                    + "', which cannot be read (" + e + ")");
        }
        try {
            return BackgroundFetchRules.parse(file, lines);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(scope + ": parameter 'config': " + e.getMessage());
        }
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        engine.content().self().learn(request);
        boolean internal = fetches.internal(request);
        HttpServletRequest below = request.getHeader(BackgroundFetches.MARK) == null ? request
                : new MarkHidingRequest(request);
        if (!internal && request.getMethod().equals("GET")) {
            watch(below);
        }
        chain.doFilter(below, response);
    }

    /** Sets the origin-leg observer that decides, when the origin's head arrives, whether to fetch in background. */
    private void watch(HttpServletRequest request) {
        String key = CacheKeys.of(request);
        String query = request.getQueryString();
        String target = query == null ? request.getRequestURI() : request.getRequestURI() + "?" + query;
        HttpFields client = RequestHeaders.of(request);
        HttpFields replay = replayHeaders(client);
        byte[] address = clientAddress(request.getRemoteAddr());
        request.setAttribute(OriginLeg.RESPONSE_OBSERVER, (OriginLeg.ResponseObserver) (head, length) -> {
            BackgroundFetchTrigger.Verdict v = BackgroundFetchTrigger.decide(false, "GET", head.status(),
                    options.allow304(), () -> storableAs200(request, target, replay, head.headers()));
            if (v == BackgroundFetchTrigger.Verdict.NOT_CACHEABLE) {
                engine.stats().increment(BackgroundFetches.NOT_CACHEABLE);
            }
            if (!v.fetch()) {
                LOG.debug("GET {}: origin {}, no background fetch ({})", key, head.status(), v);
                return;
            }
            BackgroundFetchRules.Verdict allowed = rules.decide(new BackgroundFetchRules.Request(address,
                    name -> joined(client, name), length < 0 ? OptionalLong.empty() : OptionalLong.of(length)));
            if (!allowed.allowed()) {
                engine.stats().increment(BackgroundFetches.EXCLUDED);
                LOG.debug("GET {}: background fetch excluded by {} line {}", key, options.config(),
                        allowed.rule().line());
                return;
            }
            BackgroundFetches.Launch launch = fetches.launch(key, target, replay, fetchLog);
            LOG.debug("GET {}: origin {}, background fetch {}", key, head.status(), launch);
        });
    }

    /**
     * Whether the cache, with this request's settings (a ConfRemapFilter's, cache.config's), would look the replay
     * up and store the origin's answer were it a 200.
     */
    private boolean storableAs200(HttpServletRequest request, String target, HttpFields replay,
            HttpFields originHeaders) {
        CacheSettings settings = RequestSettings.of(engine, request);
        return Lookup.decide("GET", target, settings).lookup()
                && Storability.decide("GET", replay, 200, originHeaders, settings).storable();
    }

    private static String joined(HttpFields fields, String name) {
        List<String> all = fields.getAll(name);
        return all.isEmpty() ? null : String.join(", ", all);
    }

    /** The client's fields without Range, conditionals, hop-by-hop fields and the mark. */
    static HttpFields replayHeaders(HttpFields client) {
        Set<String> connectionTokens = HopByHop.connectionTokens(client.getAll("Connection"));
        return client.filter(f -> {
            String lower = f.name().toLowerCase(Locale.ROOT);
            return !NOT_REPLAYED.contains(lower) && !HopByHop.isHopByHop(f.name(), connectionTokens)
                    && !lower.equals(BackgroundFetches.MARK.toLowerCase(Locale.ROOT));
        });
    }

    private static byte[] clientAddress(String remoteAddr) {
        if (remoteAddr == null) {
            return null;
        }
        try {
            String s = remoteAddr.startsWith("[") && remoteAddr.endsWith("]")
                    ? remoteAddr.substring(1, remoteAddr.length() - 1) : remoteAddr;
            int zone = s.indexOf('%');
            if (zone >= 0) {
                s = s.substring(0, zone);
            }
            return org.edgecache.policy.IpAllow.range(s).low();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The request without the background-fetch mark, whoever sent it: it never reaches the cache or the origin. */
    private static final class MarkHidingRequest extends HttpServletRequestWrapper {
        MarkHidingRequest(HttpServletRequest request) {
            super(request);
        }

        private static boolean isMark(String name) {
            return BackgroundFetches.MARK.equalsIgnoreCase(name);
        }

        @Override
        public String getHeader(String name) {
            return isMark(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return isMark(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = Collections.list(super.getHeaderNames());
            names.removeIf(MarkHidingRequest::isMark);
            return Collections.enumeration(names);
        }
    }
}
