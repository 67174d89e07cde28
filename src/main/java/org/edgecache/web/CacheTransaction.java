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
import org.edgecache.policy.CacheResult;
import org.edgecache.policy.CacheSettings;
import org.edgecache.policy.CacheStatus;
import org.edgecache.policy.Conditionals;
import org.edgecache.policy.DefaultVary;
import org.edgecache.policy.HeaderUpdate;
import org.edgecache.policy.HerdSettings;
import org.edgecache.policy.Invalidation;
import org.edgecache.policy.RequestView;
import org.edgecache.policy.RevalidationRequest;
import org.edgecache.policy.StaleOnError;
import org.edgecache.policy.Storability;
import org.edgecache.policy.StoredView;
import org.edgecache.policy.Suitability;
import org.edgecache.store.Head;
import org.edgecache.store.InFlightFill;
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
    private boolean lookedAgain;
    /** What the cache did, for the access log: the last outcome reached. */
    private CacheResult result = CacheResult.MISS;
    private boolean clientNoCache;

    /** The longest a read-while-writer reader waits for the next chunk before giving up. */
    private static final java.time.Duration READ_WHILE_WRITER_WAIT = java.time.Duration.ofSeconds(60);

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
        List<StoredObject> alternates = store.lookup(key);
        StoredObject selected = select(alternates);
        if (selected == null) {
            InFlightFill inFlight = engine.inFlight().get(key);
            if (inFlight != null) {
                if (serveWhileWriting(inFlight)) {
                    return;
                }
                selected = openReadRetry(inFlight);
                if (selected == null && serveWhileWriting(inFlight)) {
                    return;
                }
            }
        }
        Instant now = engine.clock().instant();
        if (selected == null) {
            if (onlyIfCached()) {
                gatewayTimeout(CacheStatus.Fwd.URI_MISS);
                return;
            }
            stats.increment(Stats.MISS_COLD);
            result = CacheResult.MISS;
            forward(alternates.isEmpty() ? CacheStatus.Fwd.URI_MISS : CacheStatus.Fwd.VARY_MISS);
            return;
        }
        Suitability.Result verdict = LookupOverride.apply(request,
                Suitability.assess(requestView, view(selected.head()), now, settings), selected.head().status(),
                selected.head().responseHeaders());
        LOG.debug("{} {}: {}", method, key, verdict.verdict());
        switch (verdict.action()) {
            case SERVE, SERVE_AND_REVALIDATE -> {
                stats.increment(Stats.HIT_FRESH);
                result = CacheResult.HIT_FRESH;
                CacheStatus.Builder status = CacheStatus.builder(engine.cacheName()).hit()
                        .ttl(verdict.ttl().getSeconds());
                serveStored(selected, extra(verdict.age(), status.build(), null));
                if (verdict.action() == Suitability.Action.SERVE_AND_REVALIDATE
                        || engine.herd().revalidateEarly(verdict.ttl(), verdict.lifetime().value(),
                                java.util.concurrent.ThreadLocalRandom.current().nextDouble())) {
                    revalidateInBackground(selected);
                }
            }
            case REVALIDATE -> {
                if (onlyIfCached()) {
                    gatewayTimeout(CacheStatus.Fwd.STALE);
                    return;
                }
                if (verdict.verdict() == Suitability.Verdict.MUST_REVALIDATE_CLIENT_NO_CACHE) {
                    stats.increment(Stats.MISS_CLIENT_NO_CACHE);
                    clientNoCache = true;
                }
                revalidate(selected);
            }
            default -> {
                stats.increment(Stats.MISS_NOT_CACHEABLE);
                result = CacheResult.MISS;
                forward(CacheStatus.Fwd.REQUEST);
            }
        }
    }

    /** The alternate whose Vary selection matches this request, the most recently stored first. */
    private StoredObject select(List<StoredObject> alternates) {
        for (StoredObject o : alternates) {
            if (Vary.selects(o.head().varyFieldNames(), o.head().variantKey(), requestHeaders)) {
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
            result = CacheResult.MISS;
            forward(CacheStatus.Fwd.MISS);
        }
    }

    /** What the cache did with this request (for the access log). */
    CacheResult result() {
        return result;
    }

    /** Whether the client's no-cache sent the request to the origin. */
    boolean clientNoCache() {
        return clientNoCache;
    }

    // ---------------------------------------------------------------- forwarding and storing

    /** Forwards the request unchanged; stores the response when the policy allows. */
    private void forward(CacheStatus.Fwd why) throws IOException, ServletException {
        Fill fill = new Fill(why, null);
        OriginResponseCapture capture = capture(fill);
        if (!exchange(request, capture, fill)) {
            lookAgain();
        }
    }

    private OriginResponseCapture capture(Fill fill) {
        OriginResponseCapture capture = new OriginResponseCapture(response, fill, engine.herd(), () -> {
            stats.increment(Stats.BACKGROUND_FILLS);
            LOG.debug("{}: the client left; filling the cache in the background", key);
        });
        fill.capture = capture;
        return capture;
    }

    /**
     * Sends the request down the chain to the origin.
     *
     * @return false when a collapsed-forwarding waiter came back without a response: the leader's object is there
     *         (or on its way) and the key must be looked up again
     */
    private boolean exchange(HttpServletRequest originRequest, OriginResponseCapture capture, Fill fill)
            throws IOException, ServletException {
        fill.requestTime = engine.clock().instant();
        if (!fill.claim()) {
            return false;
        }
        try {
            try {
                chain.doFilter(originRequest, capture);
                if (request.getAttribute(CollapsedForwardingFilter.LOOK_AGAIN) != null) {
                    request.removeAttribute(CollapsedForwardingFilter.LOOK_AGAIN);
                    fill.abort();
                    return false;
                }
                capture.route();
            } catch (IOException | ServletException | RuntimeException e) {
                fill.abort();
                throw e;
            } finally {
                fill.release();
            }
            fill.finish();
            return true;
        } finally {
            fill.releaseNodeLease();
        }
    }

    /** After a collapsed wait: the leader's object is stored or being stored; answer from it (once). */
    private void lookAgain() throws IOException, ServletException {
        if (lookedAgain) {
            forward(CacheStatus.Fwd.MISS);
            return;
        }
        lookedAgain = true;
        run();
    }

    // ---------------------------------------------------------------- thundering herd

    /**
     * Read-while-writer: streams an object another request is storing, chunk by chunk as the store receives them.
     *
     * @return false when it does not apply (off, a Range or conditional request, another variant, no head yet), or
     *         when the fetch failed before anything was sent; the caller then goes on as for a miss
     */
    private boolean serveWhileWriting(InFlightFill fill) throws IOException {
        if (!engine.herd().readWhileWriterOn() || requestHeaders.contains("Range")
                || Conditionals.hasPreconditions(requestHeaders)) {
            return false;
        }
        Head head = fill.head();
        if (head == null || fill.progress().state() != InFlightFill.State.STORING) {
            return false;
        }
        if (!Vary.selects(head.varyFieldNames(), head.variantKey(), requestHeaders)) {
            return false;
        }
        StoredObject begun = fill.readableSoFar();
        response.setStatus(head.status());
        StoredResponseWriter.copy(StoredResponseWriter.withoutRecomputed(head.responseHeaders()), response);
        Instant now = engine.clock().instant();
        StoredResponseWriter.copy(extra(Age.current(head.responseHeaders(), head.requestTime(), head.responseTime(),
                now), CacheStatus.builder(engine.cacheName()).fwd(CacheStatus.Fwd.URI_MISS).collapsed()
                .detail("read-while-writer").build(), null), response);
        String length = head.responseHeaders().get("Content-Length");
        if (length != null) {
            response.setHeader("Content-Length", length.trim());
        }
        stats.increment(Stats.HIT_RWW);
        result = CacheResult.HIT_READ_WHILE_WRITER;
        if (method.equals("HEAD")) {
            return true;
        }
        jakarta.servlet.ServletOutputStream out = response.getOutputStream();
        long sent = 0;
        try {
            while (true) {
                InFlightFill.Progress p = fill.awaitReadable(sent, READ_WHILE_WRITER_WAIT);
                if (p.readableBytes() > sent) {
                    store.read(fill.readableSoFar(), sent, p.readableBytes() - 1, OutputSlices.to(out));
                    sent = p.readableBytes();
                } else if (p.state() == InFlightFill.State.COMMITTED) {
                    StoredObject done = committed(begun.objectId());
                    if (done == null) {
                        throw new IOException("edgecache: " + key + " was replaced while it was being read");
                    }
                    if (sent < done.length()) {
                        store.read(done, sent, done.length() - 1, OutputSlices.to(out));
                    }
                    return true;
                } else if (sent == 0 && !response.isCommitted()) {
                    response.reset();
                    result = CacheResult.MISS;
                    return false;
                } else {
                    throw new IOException("edgecache: the fetch of " + key + " being read failed (" + p.state() + ")");
                }
            }
        } catch (MissingChunkException e) {
            stats.increment(Stats.READ_ERRORS);
            throw new IOException("edgecache: a chunk of " + key + " was gone while it was being read", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private StoredObject committed(String objectId) {
        for (StoredObject o : store.lookup(key)) {
            if (o.objectId().equals(objectId)) {
                return o;
            }
        }
        return null;
    }

    /**
     * Open read retry: while another request fetches the key, look again up to {@code max_open_read_retries}
     * times, {@code open_read_retry_time} apart (woken early when the fetch moves on).
     */
    private StoredObject openReadRetry(InFlightFill fill) {
        HerdSettings herd = engine.herd();
        if (engine.uncacheable().recent(key)) {
            return null; // the key's last response could not be stored: the fetch under way will not be either
        }
        for (int i = 0; i < herd.maxOpenReadRetries(); i++) {
            stats.increment(Stats.OPEN_READ_RETRIES);
            try {
                fill.awaitChange(herd.openReadRetryTime());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            StoredObject found = select(store.lookup(key));
            InFlightFill.State state = fill.progress().state();
            if (found != null || (state.done() && !state.lookupWillHit())
                    || (state == InFlightFill.State.STORING && herd.readWhileWriterOn())) {
                return found;
            }
        }
        return null;
    }

    /** Revalidates a stale object with the origin: a 304 refreshes it, a new response replaces it. */
    private void revalidate(StoredObject stale) throws IOException, ServletException {
        HttpFields validators = RevalidationRequest.conditionalHeaders(stale.head().responseHeaders());
        OriginRequestView originRequest = new OriginRequestView(request, "GET", CLIENT_CONDITIONALS, validators);
        Fill fill = new Fill(CacheStatus.Fwd.STALE, stale);
        OriginResponseCapture capture = capture(fill);
        result = CacheResult.REFRESH_MISS;
        if (!exchange(originRequest, capture, fill)) {
            lookAgain();
            return;
        }
        if (fill.refreshed != null) {
            stats.increment(Stats.HIT_REVALIDATED);
            result = CacheResult.REFRESH_HIT;
            Instant now = engine.clock().instant();
            Suitability.Result v = Suitability.assess(requestView, view(fill.refreshed.head()), now, settings);
            serveStored(fill.refreshed, extra(v.age(), CacheStatus.builder(engine.cacheName())
                    .fwd(CacheStatus.Fwd.STALE).fwdStatus(304).ttl(v.ttl().getSeconds()).build(), null));
        } else if (fill.staleOnError != null) {
            stats.increment(Stats.HIT_STALE_SERVED);
            result = CacheResult.REFRESH_FAIL_HIT;
            serveStored(stale, extra(fill.staleOnError.age(), CacheStatus.builder(engine.cacheName())
                    .fwd(CacheStatus.Fwd.STALE).fwdStatus(capture.capturedStatus()).detail("stale-on-error").build(),
                    StaleOnError.warning111(engine.cacheName())));
        }
    }

    /**
     * Revalidates a stored object after the client has had its whole answer from the store (stale-while-revalidate,
     * fuzzy revalidation): a 304 refreshes it, a new response replaces it, nothing reaches the client. Skipped when
     * another request is already fetching the key.
     */
    private void revalidateInBackground(StoredObject stored) {
        if (engine.inFlight().get(key) != null || store.fetchLeases().heldElsewhere(key)) {
            return;
        }
        stats.increment(Stats.BACKGROUND_REVALIDATIONS);
        try {
            response.flushBuffer();
            HttpFields validators = RevalidationRequest.conditionalHeaders(stored.head().responseHeaders());
            OriginRequestView originRequest = new OriginRequestView(request, "GET", CLIENT_CONDITIONALS, validators);
            Fill fill = new Fill(CacheStatus.Fwd.STALE, stored);
            fill.background = true;
            OriginResponseCapture capture = new OriginResponseCapture(response, fill, engine.herd(), () -> { }, true);
            fill.capture = capture;
            exchange(originRequest, capture, fill);
        } catch (IOException | ServletException | RuntimeException e) {
            LOG.debug("{}: background revalidation failed: {}", key, e.toString());
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
        /** Where other requests see this fetch's progress (read-while-writer, collapsed waiters); may be null. */
        private InFlightFill published;
        private boolean ownsPublished;
        /** This node's standing among the nodes sharing the store, while it leads the key here; may be null. */
        private NodeLease nodeLease;
        /** A background revalidation: never answered from the store in place of the origin. */
        boolean background;
        private Head writerHead;

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
                if (failure != null || StaleOnError.isErrorAnswer(status, stale.head().responseHeaders())) {
                    StaleOnError.Result r = StaleOnError.assess(requestView, view(stale.head()), responseTime,
                            settings);
                    if (r.verdict().serve()) {
                        staleOnError = r;
                        publish(InFlightFill.State.FAILED);
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
            if (storable == Storability.Verdict.STORABLE && OriginLeg.noStore(request)) {
                LOG.debug("{} {}: not stored, a filter above the cache said so", method, key);
            } else if (storable == Storability.Verdict.STORABLE
                    && !engine.herd().allowsDocSize(announcedLength(headers))) {
                LOG.debug("{}: larger than proxy.config.cache.max_doc_size, not stored", key);
            } else if (storable == Storability.Verdict.STORABLE && begin(status, headers, responseTime)) {
                cacheStatus.stored();
                route = OriginResponseCapture.Route.STORE;
                if (stale != null) {
                    stats.increment(Stats.MISS_CHANGED);
                }
            }
            if (route != OriginResponseCapture.Route.STORE) {
                if (method.equals("GET") && status < 500 && storable != Storability.Verdict.STORABLE) {
                    // the response itself forbids storing: the next herd on this key need not wait for a fetch
                    engine.uncacheable().remember(key);
                }
                publish(InFlightFill.State.NOT_STORED);
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
            publish(InFlightFill.State.REFRESHED);
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
                writerHead = Head.of(status, toStore, Vary.variantKey(vary, requestHeaders), vary, requestTime,
                        responseTime);
                if (settings.permitPinning() && settings.directives().pinInCache() != null) {
                    writerHead = writerHead.withPinnedUntil(responseTime.plus(settings.directives().pinInCache()));
                }
                writer = store.begin(key, writerHead);
            } catch (RuntimeException e) {
                stats.increment(Stats.WRITE_ERRORS);
                LOG.warn("{}: cannot start storing: {}", key, e.toString());
                return false;
            }
            ObjectWriter w = writer;
            long expected = expectedLength();
            long maxDocSize = engine.herd().maxDocSize();
            publishStoring(writer);
            capture.tee((b, off, len) -> {
                try {
                    w.write(b, off, len);
                    if (maxDocSize > 0 && w.written() > maxDocSize) {
                        throw new IOException("the body is larger than proxy.config.cache.max_doc_size ("
                                + maxDocSize + " bytes)");
                    }
                    InFlightFill f = published;
                    if (f != null) {
                        f.readable(w.storedBytes());
                    }
                    if (w.written() == expected) {
                        finish();
                    }
                } catch (IOException | RuntimeException e) {
                    stats.increment(Stats.WRITE_ERRORS);
                    LOG.warn("{}: store write failed, the client response goes on: {}", key, e.toString());
                    w.abort();
                    capture.dropTee();
                    publish(InFlightFill.State.FAILED);
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
                stats.increment(Stats.WRITE_ERRORS);
            }
            publish(InFlightFill.State.FAILED);
        }

        /**
         * Claims the key for this fetch before the request goes to the origin: the first claimant leads (its fill
         * shows other requests its progress: open read retry, read-while-writer, collapsed waiters); a later one
         * follows the fill in progress, which {@link CollapsedForwardingFilter} below may wait on.
         */
        boolean claim() {
            request.removeAttribute(CollapsedForwardingFilter.FILL);
            request.removeAttribute(CollapsedForwardingFilter.FOLLOWING);
            org.edgecache.store.InFlightRegistry.Claim claim = engine.inFlight().claim(key);
            if (claim.leader()) {
                published = claim.fill();
                ownsPublished = true;
                // a fetch that ended between our lookup and our claim may have stored what we are about to fetch
                // (not when a stored copy was there and may not serve this request: it would just be found again)
                if (stale == null && !lookedAgain && !background && why != CacheStatus.Fwd.REQUEST
                        && select(store.lookup(key)) != null) {
                    release();
                    return false;
                }
                request.setAttribute(CollapsedForwardingFilter.FILL, claim.fill());
                request.removeAttribute(CollapsedForwardingFilter.OTHER_NODE);
                if (!background) {
                    nodeLease = NodeLease.claim(store.fetchLeases(), key, this::otherNodeStored);
                    if (!nodeLease.held()) {
                        request.setAttribute(CollapsedForwardingFilter.OTHER_NODE, nodeLease);
                    }
                }
            } else {
                published = null;
                request.setAttribute(CollapsedForwardingFilter.FOLLOWING, claim.fill());
            }
            return true;
        }

        /**
         * Whether the store now holds what this fetch would bring: for a miss, an alternate this request may use; for
         * a revalidation, one other than the stale one (or the stale one refreshed).
         */
        private boolean otherNodeStored() {
            StoredObject found = select(store.lookup(key));
            if (found == null) {
                return false;
            }
            return stale == null || !found.objectId().equals(stale.objectId())
                    || !found.head().responseTime().equals(stale.head().responseTime());
        }

        /** Gives the key's fetch lease back to the other nodes (if this node holds it); idempotent. */
        void releaseNodeLease() {
            if (nodeLease != null) {
                nodeLease.release();
            }
        }

        /** Ends a fill of its own (as FAILED unless it already has an outcome). */
        void release() {
            if (ownsPublished) {
                ownsPublished = false;
                engine.inFlight().release(published);
            }
        }

        private void publishStoring(ObjectWriter w) {
            if (published != null) {
                published.storing(writerHead, w.objectId(), w.chunkSize());
            }
        }

        /**
         * Tells waiters how this fetch ended; the first outcome counts. Waiters on other nodes learn it from the
         * lease: it is released now (after a commit or refresh, which come first; at once when nothing is stored).
         */
        private void publish(InFlightFill.State outcome) {
            if (published != null) {
                published.finish(outcome);
            }
            releaseNodeLease();
        }

        private long announcedLength(HttpFields headers) {
            String length = headers.get("Content-Length");
            try {
                return length == null ? -1 : Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        /** The body length the origin announced; -1 when it did not, -2 when its Content-Length is not a number. */
        private long expectedLength() {
            String length = storedHeaders.get("Content-Length");
            if (length == null) {
                return -1;
            }
            try {
                return Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                return -2;
            }
        }

        /** Commits a complete body (at its last byte, or when the exchange ends), or aborts it. Idempotent. */
        void finish() {
            if (writer == null) {
                return;
            }
            long expected = expectedLength();
            int maxAlternates = settings.maxAlts() == 0 ? Integer.MAX_VALUE : settings.maxAlts();
            boolean committed = expected != -2 && writer.commit(expected, maxAlternates);
            if (!committed) {
                writer.abort();
            }
            stats.increment(committed ? Stats.WRITES : Stats.WRITE_ERRORS);
            writer = null;
            if (committed) {
                engine.uncacheable().forget(key);
            }
            publish(committed ? InFlightFill.State.COMMITTED : InFlightFill.State.FAILED);
        }
    }

    // ---------------------------------------------------------------- unsafe methods

    /** Forwards an unsafe request; a non-error answer invalidates the target and same-origin Location URIs. */
    void forwardAndInvalidate() throws IOException, ServletException {
        result = CacheResult.NOT_CACHED;
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
