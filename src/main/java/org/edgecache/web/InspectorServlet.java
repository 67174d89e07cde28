package org.edgecache.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.edgecache.policy.CacheSettings;
import org.edgecache.store.InFlightFill;
import org.edgecache.store.StoreStats;
import org.edgecache.store.StoredObject;

/**
 * The cache inspector (docs/cache-inspector.md): an admin page and its JSON API, mapped to e.g.
 * {@code /edgecache/inspector/*}. Like every admin endpoint it answers only clients the ip_allow rules allow
 * {@code ADMIN} (loopback by default) unless {@code allowRemote} is true; with the init-param {@code token} every
 * API call must also carry {@code Authorization: Bearer <token>}. Calls that change the store are POSTs with the
 * header {@code X-Edgecache-Inspector: 1}, which a cross-site form cannot send.
 *
 * <p>Init-params: {@code token} (none), {@code sampleMillis} (how often the live figures are sampled, 2000),
 * {@code historyMinutes} (how much of them is kept, 10), {@code allowRemote} (false).
 */
public class InspectorServlet extends AdminServlet {
    private static final long serialVersionUID = 1L;

    /** The header every POST must carry (a cross-site form cannot set it, and setting it needs a CORS preflight). */
    public static final String POST_HEADER = "X-Edgecache-Inspector";
    private static final int PREVIEW_KEYS = 50;
    private static final String RESOURCES = "/org/edgecache/web/inspector/";
    private static final Map<String, String> ASSETS = Map.of(
            "/", "index.html;text/html",
            "/index.html", "index.html;text/html",
            "/inspector.js", "inspector.js;text/javascript",
            "/inspector.css", "inspector.css;text/css");

    private transient AdminToken token;
    private transient LiveFigures figures;
    private transient FigureSampler sampler;
    private Duration sampleInterval;

    @Override
    public void init() {
        super.init();
        InspectorSettings settings = InspectorSettings.from(new Params("servlet '" + getServletName() + "'",
                getServletConfig()::getInitParameter, Params::systemLookup));
        token = settings.token();
        sampleInterval = settings.sampleInterval();
        figures = new LiveFigures(settings.points());
        sampler = new FigureSampler(figures, engine.clock(), () -> LiveFigures.Counters.of(engine.stats()),
                sampleInterval);
    }

    @Override
    public void destroy() {
        if (sampler != null) {
            sampler.close();
        }
    }

    @Override
    protected String what() {
        return "the cache inspector";
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        if (path == null) {
            response.sendRedirect(request.getRequestURI() + "/");
            return;
        }
        if (ASSETS.containsKey(path)) {
            asset(response, ASSETS.get(path));
            return;
        }
        switch (path) {
            case "/api/object" -> {
                if (authorized(request, response)) {
                    lookup(request, response);
                }
            }
            case "/api/figures" -> {
                if (authorized(request, response)) {
                    json(response, 200, figures());
                }
            }
            case "/api/delete", "/api/regex/preview", "/api/regex/delete" -> {
                response.setHeader("Allow", "POST");
                error(response, 405, "use POST");
            }
            default -> error(response, 404, "no such inspector resource: " + path);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        String path = String.valueOf(request.getPathInfo());
        if (!path.equals("/api/delete") && !path.startsWith("/api/regex/")) {
            if (ASSETS.containsKey(path) || path.equals("/api/object") || path.equals("/api/figures")) {
                response.setHeader("Allow", "GET");
                error(response, 405, "use GET");
            } else {
                error(response, 404, "no such inspector resource: " + path);
            }
            return;
        }
        if (!authorized(request, response)) {
            return;
        }
        if (!"1".equals(request.getHeader(POST_HEADER))) {
            error(response, 403, "a POST to the inspector needs the header " + POST_HEADER + ": 1");
            return;
        }
        switch (path) {
            case "/api/delete" -> delete(request, response);
            case "/api/regex/preview" -> regex(request, response, false);
            case "/api/regex/delete" -> regex(request, response, true);
            default -> error(response, 404, "no such inspector resource: " + path);
        }
    }

    // ---- access --------------------------------------------------------------------------------------------

    private boolean authorized(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (token.accepts(request.getHeader("Authorization"))) {
            return true;
        }
        response.setHeader("WWW-Authenticate", "Bearer realm=\"edgecache inspector\"");
        error(response, 401, request.getHeader("Authorization") == null ? "this inspector needs its token"
                : "wrong token");
        return false;
    }

    // ---- the API -------------------------------------------------------------------------------------------

    private void lookup(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String key = key(request, response);
        if (key == null) {
            return;
        }
        Instant now = engine.clock().instant();
        CacheSettings settings = RequestSettings.of(engine, new InspectedRequest(request, key));
        List<Map<String, Object>> alternates = new ArrayList<>();
        for (StoredObject o : engine.store().lookup(key)) {
            alternates.add(ObjectReport.alternate(o.head(), settings, engine.store().chunksPresent(o), now));
        }
        InFlightFill fill = engine.inFlight().get(key);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", key);
        m.put("found", !alternates.isEmpty());
        m.put("now", now);
        m.put("alternates", alternates);
        m.put("inFlight", fill == null ? null : ObjectReport.fill(fill));
        json(response, 200, m);
    }

    private void delete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String key = key(request, response);
        if (key == null) {
            return;
        }
        String objectId = request.getParameter("objectId");
        boolean removed = objectId == null || objectId.isEmpty() ? engine.store().remove(key)
                : engine.store().remove(key, objectId);
        if (removed) {
            engine.stats().increment(Stats.DELETES);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", key);
        m.put("deleted", removed ? 1 : 0);
        json(response, 200, m);
    }

    private void regex(HttpServletRequest request, HttpServletResponse response, boolean delete) throws IOException {
        CacheKeyPattern pattern;
        try {
            pattern = CacheKeyPattern.compile(request.getParameter("pattern"));
        } catch (IllegalArgumentException e) {
            error(response, 400, e.getMessage());
            return;
        }
        if (delete && !"yes".equals(request.getParameter("confirm"))) {
            error(response, 400, "a regex delete needs confirm=yes (preview the count first)");
            return;
        }
        List<String> keys = pattern.select(engine.store()::forEachKey);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pattern", pattern.toString());
        m.put("count", keys.size());
        if (delete) {
            int deleted = 0;
            for (String k : keys) {
                if (engine.store().remove(k)) {
                    engine.stats().increment(Stats.DELETES);
                    deleted++;
                }
            }
            m.put("deleted", deleted);
        } else {
            m.put("keys", keys.stream().sorted().limit(PREVIEW_KEYS).toList());
        }
        json(response, 200, m);
    }

    private Map<String, Object> figures() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("now", engine.clock().instant());
        m.put("sampleSeconds", sampleInterval.toMillis() / 1000.0);
        List<Map<String, Object>> points = new ArrayList<>();
        for (LiveFigures.Point p : figures.points()) {
            Map<String, Object> pt = new LinkedHashMap<>();
            pt.put("at", p.at());
            pt.put("requestsPerSecond", p.requestsPerSecond());
            pt.put("lookupsPerSecond", p.lookupsPerSecond());
            pt.put("hitRatio", p.hitRatio());
            pt.put("originBytesPerSecond", p.originBytesPerSecond());
            points.add(pt);
        }
        m.put("points", points);
        Stats stats = engine.stats();
        Map<String, Object> totals = new LinkedHashMap<>();
        for (String name : List.of(Stats.INCOMING_REQUESTS, Stats.LOOKUPS, Stats.HIT_FRESH, Stats.MISS_COLD,
                Stats.ORIGIN_BODY_BYTES, Stats.DELETES)) {
            totals.put(name, stats.get(name));
        }
        m.put("totals", totals);
        m.put("store", store(engine.store().stats()));
        List<Map<String, Object>> fills = new ArrayList<>();
        long waiters = 0;
        for (InFlightFill f : engine.inFlight().snapshot()) {
            Map<String, Object> fm = ObjectReport.fill(f);
            waiters += f.followers();
            fills.add(fm);
        }
        Map<String, Object> inFlight = new LinkedHashMap<>();
        inFlight.put("fetches", fills.size());
        inFlight.put("waiters", waiters);
        inFlight.put("list", fills.size() > 50 ? fills.subList(0, 50) : fills);
        m.put("inFlight", inFlight);
        m.put("update", update());
        return m;
    }

    private static Map<String, Object> store(StoreStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("keys", s.keys());
        m.put("objects", s.objects());
        m.put("bytes", s.bytes());
        m.put("pinnedObjects", s.pinnedObjects());
        m.put("pinnedBytes", s.pinnedBytes());
        List<Map<String, Object>> tiers = new ArrayList<>();
        for (StoreStats.TierStats t : s.tiers()) {
            Map<String, Object> tm = new LinkedHashMap<>();
            tm.put("cache", t.cache());
            tm.put("tier", t.tier());
            tm.put("mappings", t.mappings());
            tm.put("occupiedBytes", t.occupiedBytes());
            tm.put("allocatedBytes", t.allocatedBytes());
            tiers.add(tm);
        }
        m.put("tiers", tiers);
        return m;
    }

    /** The scheduled update's current or last run; null when no update.config is configured. */
    private Map<String, Object> update() {
        Updater updater = engine.content().updater();
        if (updater == null) {
            return null;
        }
        UpdateRun.Progress p = updater.progress();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", p.number());
        m.put("active", p.active());
        m.put("found", p.found());
        m.put("done", p.done());
        m.put("failed", p.failed());
        m.put("inFlight", p.inFlight());
        m.put("started", p.started());
        m.put("finished", p.finished());
        return m;
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /** The cache key the parameter {@code url} names (a path, or an absolute http(s) URL); null after a 400. */
    private static String key(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String url = request.getParameter("url");
        url = url == null ? "" : url.strip();
        String key = null;
        if (url.startsWith("/")) {
            key = url;
        } else if (url.regionMatches(true, 0, "http://", 0, 7) || url.regionMatches(true, 0, "https://", 0, 8)) {
            key = CacheKeys.ofUri(url);
        }
        if (key == null) {
            error(response, 400, "url must be a path starting with / or an absolute http(s) URL");
        }
        return key;
    }

    private void asset(HttpServletResponse response, String spec) throws IOException {
        String[] nameAndType = spec.split(";");
        byte[] body;
        try (InputStream in = InspectorServlet.class.getResourceAsStream(RESOURCES + nameAndType[0])) {
            if (in == null) {
                error(response, 500, "the inspector's " + nameAndType[0] + " is missing from the WAR");
                return;
            }
            body = in.readAllBytes();
        }
        response.setContentType(nameAndType[1] + ";charset=utf-8");
        securityHeaders(response);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static void securityHeaders(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self';"
                + " connect-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
        response.setHeader("Referrer-Policy", "no-referrer");
    }

    private static void json(HttpServletResponse response, int status, Object value) throws IOException {
        byte[] body = JsonText.of(value).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json;charset=utf-8");
        securityHeaders(response);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static void error(HttpServletResponse response, int status, String message) throws IOException {
        json(response, status, Map.of("error", message));
    }
}
