package org.edgecache.web;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.edgecache.http.CacheControl;
import org.edgecache.http.HttpDates;
import org.edgecache.http.HttpFields;
import org.edgecache.http.Vary;
import org.edgecache.policy.Age;
import org.edgecache.policy.CacheSettings;
import org.edgecache.policy.CacheStatus;
import org.edgecache.policy.DefaultVary;
import org.edgecache.policy.HeaderUpdate;
import org.edgecache.policy.Invalidation;
import org.edgecache.policy.RequestView;
import org.edgecache.policy.RevalidationRequest;
import org.edgecache.policy.StaleOnError;
import org.edgecache.policy.Storability;
import org.edgecache.policy.StoredView;
import org.edgecache.policy.Suitability;
import org.edgecache.store.Head;
import org.edgecache.store.MissingChunkException;
import org.edgecache.store.ObjectStore;
import org.edgecache.store.ObjectWriter;
import org.edgecache.store.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client request through the cache: look up, then serve, revalidate or forward, and store what the origin
 * sends when it may be stored. The decisions are the policy layer's; this class applies them to servlet objects.
 */
final class CacheTransaction {
    private static final Logger LOG = LoggerFactory.getLogger(CacheTransaction.class);
    /** The client's own preconditions and Range, hidden from the origin while the cache validates its full copy. */
    private static final Set<String> CLIENT_CONDITIONALS = Set.of("if-match", "if-none-match", "if-modified-since",
            "if-unmodified-since", "if-range", "range");

    private final Engine engine;
    private final CacheSettings settings;
    private final ObjectStore store;
    private final Stats stats;
    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final FilterChain chain;
    private final String method;
    private final String key;
    private final HttpFields requestHeaders;
    private final RequestView requestView;

    CacheTransaction(Engine engine, CacheSettings settings, HttpServletRequest request, HttpServletResponse response,
            FilterChain chain) {
        this.engine = engine;
        this.settings = settings;
        this.store = engine.store();
        this.stats = engine.stats();
        this.request = request;
        this.response = response;
        this.chain = chain;
        this.method = request.getMethod();
        this.key = CacheKeys.of(request);
        this.requestHeaders = RequestHeaders.of(request);
        this.requestView = new RequestView(method, requestHeaders);
    }

    // ---------------------------------------------------------------- GET and HEAD

    void run() throws IOException, ServletException {
        stats.increment(Stats.LOOKUPS);
        Instant now = engine.clock().instant();
        List<StoredObject> alternates = store.lookup(key);
        StoredObject selected = select(alternates);
        if (selected == null) {
            if (onlyIfCached()) {
                gatewayTimeout(CacheStatus.Fwd.URI_MISS);
                return;
            }
            stats.increment(Stats.MISS_COLD);
            forward(alternates.isEmpty() ? CacheStatus.Fwd.URI_MISS : CacheStatus.Fwd.VARY_MISS);
            return;
        }
        Suitability.Result verdict = Suitability.assess(requestView, view(selected.head()), now, settings);
        LOG.debug("{} {}: {}", method, key, verdict.verdict());
        switch (verdict.action()) {
            case SERVE, SERVE_AND_REVALIDATE -> {
                stats.increment(Stats.HIT_FRESH);
                CacheStatus.Builder status = CacheStatus.builder(engine.cacheName()).hit()
                        .ttl(verdict.ttl().getSeconds());
                serveStored(selected, extra(verdict.age(), status.build(), null));
            }
            case REVALIDATE -> {
                if (onlyIfCached()) {
                    gatewayTimeout(CacheStatus.Fwd.STALE);
                    return;
                }
                if (verdict.verdict() == Suitability.Verdict.MUST_REVALIDATE_CLIENT_NO_CACHE) {
                    stats.increment(Stats.MISS_CLIENT_NO_CACHE);
                }
                revalidate(selected);
            }
            default -> {
                stats.increment(Stats.MISS_NOT_CACHEABLE);
                forward(CacheStatus.Fwd.REQUEST);
            }
        }
    }

    /** The alternate whose Vary selection matches this request, the most recently stored first. */
    private StoredObject select(List<StoredObject> alternates) {
        for (StoredObject o : alternates) {
            List<String> vary = o.head().varyFieldNames();
            if (Vary.hasStar(vary)) {
                continue;
            }
            if (Vary.variantKey(vary, requestHeaders).equals(o.head().variantKey())) {
                return o;
            }
        }
        return null;
    }

    private static StoredView view(Head head) {
        return StoredView.of(head.status(), head.responseHeaders(), head.requestTime(), head.responseTime());
    }

    private boolean onlyIfCached() {
        return CacheControl.of(requestHeaders).onlyIfCached();
    }

    private void gatewayTimeout(CacheStatus.Fwd why) throws IOException {
        response.setHeader("Cache-Status", CacheStatus.builder(engine.cacheName()).fwd(why)
                .detail("only-if-cached").build());
        OriginProxyServlet.plainError(response, HttpServletResponse.SC_GATEWAY_TIMEOUT,
                "edgecache: only-if-cached, and no stored response may be used\n");
    }

    private HttpFields extra(java.time.Duration age, String cacheStatus, String warning) {
        HttpFields.Builder b = HttpFields.builder();
        if (settings.insertAgeInResponse()) {
            b.add("Age", Age.headerValue(age));
        }
        b.add("Cache-Status", cacheStatus);
        if (warning != null) {
            b.add("Warning", warning);
        }
        return b.build();
    }

    /** Serves a stored object; a chunk found missing before anything was sent falls back to the origin. */
    private void serveStored(StoredObject object, HttpFields extra) throws IOException, ServletException {
        try {
            new StoredResponseWriter(store).write(method, requestHeaders, object, extra, response);
        } catch (MissingChunkException e) {
            stats.increment(Stats.READ_ERRORS);
            store.remove(key, object.objectId());
            LOG.warn("{}: stored body incomplete ({}); {}", key, e.getMessage(),
                    response.isCommitted() ? "ending the response abnormally" : "fetching it again");
            if (response.isCommitted()) {
                throw new IOException("edgecache: stored body of " + key + " is incomplete", e);
            }
            response.reset();
            forward(CacheStatus.Fwd.MISS);
        }
    }

    // ---------------------------------------------------------------- forwarding and storing

    /** Forwards the request unchanged; stores the response when the policy allows. */
    private void forward(CacheStatus.Fwd why) throws IOException, ServletException {
        Fill fill = new Fill(why, null);
        OriginResponseCapture capture = new OriginResponseCapture(response, fill);
        fill.capture = capture;
        exchange(request, capture, fill);
    }

    private void exchange(HttpServletRequest originRequest, OriginResponseCapture capture, Fill fill)
            throws IOException, ServletException {
        fill.requestTime = engine.clock().instant();
        try {
            chain.doFilter(originRequest, capture);
            capture.route();
        } catch (IOException | ServletException | RuntimeException e) {
            fill.abort();
            throw e;
        }
        fill.finish();
    }

    /** Revalidates a stale object with the origin: a 304 refreshes it, a new response replaces it. */
    private void revalidate(StoredObject stale) throws IOException, ServletException {
        HttpFields validators = RevalidationRequest.conditionalHeaders(stale.head().responseHeaders());
        OriginRequestView originRequest = new OriginRequestView(request, "GET", CLIENT_CONDITIONALS, validators);
        Fill fill = new Fill(CacheStatus.Fwd.STALE, stale);
        OriginResponseCapture capture = new OriginResponseCapture(response, fill);
        fill.capture = capture;
        exchange(originRequest, capture, fill);
        if (fill.refreshed != null) {
            stats.increment(Stats.HIT_REVALIDATED);
            Instant now = engine.clock().instant();
            Suitability.Result v = Suitability.assess(requestView, view(fill.refreshed.head()), now, settings);
            serveStored(fill.refreshed, extra(v.age(), CacheStatus.builder(engine.cacheName())
                    .fwd(CacheStatus.Fwd.STALE).fwdStatus(304).ttl(v.ttl().getSeconds()).build(), null));
        } else if (fill.staleOnError != null) {
            stats.increment(Stats.HIT_STALE_SERVED);
            serveStored(stale, extra(fill.staleOnError.age(), CacheStatus.builder(engine.cacheName())
                    .fwd(CacheStatus.Fwd.STALE).fwdStatus(capture.capturedStatus()).detail("stale-on-error").build(),
                    StaleOnError.warning111(engine.cacheName())));
        }
    }

    /** Decides, when the origin's head arrives, whether to store, refresh or pass it; then commits or aborts. */
    private final class Fill implements OriginResponseCapture.Decider {
        private final CacheStatus.Fwd why;
        private final StoredObject stale;
        OriginResponseCapture capture;
        Instant requestTime;
        private ObjectWriter writer;
        private HttpFields storedHeaders;
        StoredObject refreshed;
        StaleOnError.Result staleOnError;

        Fill(CacheStatus.Fwd why, StoredObject stale) {
            this.why = why;
            this.stale = stale;
        }

        @Override
        public OriginResponseCapture.Route decide(int status, HttpFields headers) {
            Instant responseTime = engine.clock().instant();
            if (stale != null) {
                if (status == 304) {
                    return refresh(headers, responseTime);
                }
                OriginFailure failure = (OriginFailure) request.getAttribute(OriginFailure.ATTRIBUTE);
                if (failure != null) {
                    StaleOnError.Result r = StaleOnError.assess(requestView, view(stale.head()), responseTime,
                            settings);
                    if (r.verdict().serve()) {
                        staleOnError = r;
                        return OriginResponseCapture.Route.ABSORB;
                    }
                }
            }
            CacheStatus.Builder cacheStatus = CacheStatus.builder(engine.cacheName()).fwd(why).fwdStatus(status);
            OriginResponseCapture.Route route = OriginResponseCapture.Route.PASS;
            Storability.Verdict storable = method.equals("GET") || stale != null
                    ? Storability.decide("GET", requestHeaders, status, headers, settings)
                    : Storability.Verdict.METHOD_NOT_CACHEABLE;
            LOG.debug("{} {}: origin {} is {}", method, key, status, storable);
            if (storable == Storability.Verdict.STORABLE && begin(status, headers, responseTime)) {
                cacheStatus.stored();
                route = OriginResponseCapture.Route.STORE;
                if (stale != null) {
                    stats.increment(Stats.MISS_CHANGED);
                }
            }
            capture.clientHeader("Cache-Status", CacheStatus.append(headers.get("Cache-Status"), cacheStatus.build()));
            return route;
        }

        private OriginResponseCapture.Route refresh(HttpFields notModified, Instant responseTime) {
            Head old = stale.head();
            Head updated = old.withResponseHeaders(HeaderUpdate.merge(old.responseHeaders(), notModified))
                    .withTimes(requestTime, responseTime);
            if (store.updateHead(key, stale.objectId(), updated)) {
                stats.increment(Stats.UPDATES);
            }
            refreshed = new StoredObject(key, updated);
            return OriginResponseCapture.Route.ABSORB;
        }

        private boolean begin(int status, HttpFields headers, Instant responseTime) {
            List<String> vary = DefaultVary.fieldNames(headers, settings);
            HttpFields toStore = headers.without("Cache-Status");
            if (!toStore.contains("Date")) {
                toStore = toStore.with("Date", HttpDates.format(responseTime));
            }
            storedHeaders = toStore;
            try {
                Head head = Head.of(status, toStore, Vary.variantKey(vary, requestHeaders), vary, requestTime,
                        responseTime);
                if (settings.permitPinning() && settings.directives().pinInCache() != null) {
                    head = head.withPinnedUntil(responseTime.plus(settings.directives().pinInCache()));
                }
                writer = store.begin(key, head);
            } catch (RuntimeException e) {
                stats.increment(Stats.WRITE_ERRORS);
                LOG.warn("{}: cannot start storing: {}", key, e.toString());
                return false;
            }
            ObjectWriter w = writer;
            capture.tee((b, off, len) -> {
                try {
                    w.write(b, off, len);
                } catch (IOException | RuntimeException e) {
                    stats.increment(Stats.WRITE_ERRORS);
                    LOG.warn("{}: store write failed, the client response goes on: {}", key, e.toString());
                    w.abort();
                    capture.dropTee();
                }
            });
            return true;
        }

        @Override
        public void reset() {
            abort();
            refreshed = null;
            staleOnError = null;
        }

        void abort() {
            if (writer != null) {
                writer.abort();
                writer = null;
            }
        }

        void finish() {
            if (writer == null) {
                return;
            }
            String length = storedHeaders.get("Content-Length");
            long expected = -1;
            if (length != null) {
                try {
                    expected = Long.parseLong(length.trim());
                } catch (NumberFormatException e) {
                    expected = -2;
                }
            }
            boolean committed = expected != -2 && writer.commit(expected, settings.maxAlts());
            if (!committed) {
                writer.abort();
            }
            stats.increment(committed ? Stats.WRITES : Stats.WRITE_ERRORS);
            writer = null;
        }
    }

    // ---------------------------------------------------------------- unsafe methods

    /** Forwards an unsafe request; a non-error answer invalidates the target and same-origin Location URIs. */
    void forwardAndInvalidate() throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } finally {
            HttpFields answer = HttpFields.builder()
                    .addAll(single("Location", response.getHeader("Location")))
                    .addAll(single("Content-Location", response.getHeader("Content-Location")))
                    .build();
            List<String> uris = Invalidation.urlsToInvalidate(method, CacheKeys.effectiveUri(request),
                    response.getStatus(), answer);
            for (int i = 0; i < uris.size(); i++) {
                String k = i == 0 ? key : CacheKeys.ofUri(uris.get(i));
                if (k != null && store.remove(k)) {
                    stats.increment(Stats.DELETES);
                }
            }
        }
    }

    private static HttpFields single(String name, String value) {
        return value == null ? HttpFields.EMPTY : HttpFields.of(name, value);
    }
}
