package org.edgecache.web;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.edgecache.http.HttpFields;
import org.edgecache.http.PushedResponseHead;
import org.edgecache.http.Vary;
import org.edgecache.policy.CacheSettings;
import org.edgecache.policy.Push;
import org.edgecache.store.Head;
import org.edgecache.store.ObjectStore;
import org.edgecache.store.ObjectWriter;
import org.edgecache.store.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code PUSH <url>} (seed 003 "Pushing Content into the Cache"; ATS behaviour §5.16): the request body is
 * a complete HTTP response (status line, headers, empty line, body), stored under the URL's cache key exactly as if
 * the origin had sent it to a GET with the PUSH request's header fields, when the cache's policy would store it.
 * 201 when the object is new, 200 when it replaced the same variant, 400 with ATS's reason when it is refused, 403
 * when PUSH is disabled or the client may not PUSH, 413 over {@code edgecache.push.max-size}. Nothing partial is
 * ever left in the store: the writer commits only a complete body and is aborted on every other way out.
 */
final class PushHandler {
    private static final Logger LOG = LoggerFactory.getLogger(PushHandler.class);
    private static final int BUFFER = 32 * 1024;

    private final Engine engine;
    private final CacheSettings settings;

    PushHandler(Engine engine, CacheSettings settings) {
        this.engine = engine;
        this.settings = settings;
    }

    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Stats stats = engine.stats();
        stats.increment(ContentStats.PUSH_REQUESTS);
        ContentManagement content = engine.content();
        String key = CacheKeys.of(request);
        if (!content.pushEnabled()) {
            refuse(response, 403, "edgecache: PUSH is disabled (" + ContentManagement.PUSH_ENABLED + "=0)\n");
            return;
        }
        if (!content.permits(request, "PUSH")) {
            refuse(response, 403, "edgecache: PUSH is not allowed from " + request.getRemoteAddr() + " (ip_allow)\n");
            return;
        }
        long declared = request.getContentLengthLong();
        boolean chunked = request.getHeader("Transfer-Encoding") != null;
        if (declared < 0 && !chunked) {
            refuse(response, Push.Refusal.BAD_CONTENT_LENGTH, "a PUSH needs a Content-Length covering the pushed"
                    + " response's head and body");
            return;
        }
        long max = content.pushMaxSize();
        if (max > 0 && declared > max) {
            tooLarge(response, max);
            return;
        }
        InputStream in = request.getInputStream();
        byte[] buf = new byte[PushedResponseHead.DEFAULT_MAX_BYTES];
        int n = 0;
        PushedResponseHead.Result head;
        while (true) {
            head = PushedResponseHead.parse(buf, n, buf.length);
            if (head.outcome() != PushedResponseHead.Outcome.INCOMPLETE) {
                break;
            }
            int r;
            try {
                r = in.read(buf, n, buf.length - n);
            } catch (IOException e) {
                brokenOff(response, key, e);
                return;
            }
            if (r < 0) {
                refuse(response, Push.Refusal.BAD_CONTENT_LENGTH, "the request body ended before the pushed"
                        + " response's head did (" + n + " bytes, no empty line)");
                return;
            }
            n += r;
        }
        if (!head.parsed()) {
            refuse(response, Push.Refusal.MALFORMED_HEADER, head.problem());
            return;
        }
        long bodyLength = Push.bodyLength(declared, head.length());
        Push.Verdict verdict = Push.cacheability(key, RequestHeaders.of(request), head.status(), head.headers(),
                settings);
        if (!verdict.storable()) {
            refuse(response, verdict.refusal(), verdict.detail());
            return;
        }
        store(request, response, key, head, bodyLength, Arrays.copyOfRange(buf, head.length(), n), in);
    }

    private void store(HttpServletRequest request, HttpServletResponse response, String key,
            PushedResponseHead.Result head, long bodyLength, byte[] bodyStart, InputStream in) throws IOException {
        Stats stats = engine.stats();
        ObjectStore store = engine.store();
        long max = engine.content().pushMaxSize();
        Instant now = engine.clock().instant();
        HttpFields stored = Push.storedHeaders(head.headers(), bodyLength, now);
        HttpFields requestHeaders = RequestHeaders.of(request);
        List<String> vary = Vary.fieldNames(stored);
        String variantKey = Vary.variantKey(vary, requestHeaders);
        boolean replaces = false;
        for (StoredObject o : store.lookup(key)) {
            replaces |= o.head().variantKey().equals(variantKey);
        }
        ObjectWriter writer;
        try {
            writer = store.begin(key, Head.of(head.status(), stored, variantKey, vary, now, now));
        } catch (RuntimeException e) {
            stats.increment(Stats.WRITE_ERRORS);
            refuse(response, Push.Refusal.CACHE_WRITE_FAILED, e.toString());
            return;
        }
        boolean committed = false;
        try {
            long total = head.length();
            byte[] b = bodyStart;
            int len = b.length;
            byte[] chunk = new byte[BUFFER];
            while (true) {
                total += len;
                if (max > 0 && total > max) {
                    writer.abort();
                    tooLarge(response, max);
                    return;
                }
                if (len > 0) {
                    try {
                        writer.write(b, 0, len);
                    } catch (IOException e) {
                        stats.increment(Stats.WRITE_ERRORS);
                        writer.abort();
                        refuse(response, Push.Refusal.CACHE_WRITE_FAILED, e.getMessage());
                        return;
                    }
                }
                try {
                    len = in.read(chunk);
                } catch (IOException e) {
                    writer.abort();
                    brokenOff(response, key, e);
                    return;
                }
                if (len < 0) {
                    break;
                }
                b = chunk;
            }
            // max_alts 0 means no limit; the store wants a positive bound
            committed = writer.commit(bodyLength, settings.maxAlts() == 0 ? Integer.MAX_VALUE - 1 : settings.maxAlts());
            if (!committed) {
                stats.increment(Stats.WRITE_ERRORS);
                refuse(response, Push.Refusal.CACHE_WRITE_FAILED, "the store did not accept the object");
                return;
            }
            stats.increment(Stats.WRITES);
            stats.add(ContentStats.PUSHED_DOCUMENT_TOTAL_SIZE, writer.written());
            stats.add(ContentStats.PUSHED_RESPONSE_HEADER_TOTAL_SIZE, head.length());
            LOG.debug("PUSH {}: stored {} with {} body bytes ({})", key, head.status(), writer.written(),
                    replaces ? "replaced" : "new");
            response.setStatus(replaces ? HttpServletResponse.SC_OK : HttpServletResponse.SC_CREATED);
            response.setHeader("Cache-Control", "no-store");
            response.setContentLength(0);
        } finally {
            if (!committed) {
                writer.abort();
            }
        }
    }

    private void brokenOff(HttpServletResponse response, String key, IOException e) {
        LOG.debug("PUSH {}: the request body broke off: {}", key, e.toString());
        try {
            refuse(response, Push.Refusal.BAD_CONTENT_LENGTH, "the request body broke off (" + e.getMessage() + ")");
        } catch (IOException | RuntimeException ignored) {
            // the client is gone
        }
    }

    private static void tooLarge(HttpServletResponse response, long max) throws IOException {
        refuse(response, 413, "edgecache: the pushed object is larger than " + ContentManagement.PUSH_MAX_SIZE + "="
                + max + " bytes\n");
    }

    /** 400 with ATS's reason as the first line of the body (a Servlet 6 container cannot set a reason phrase). */
    private static void refuse(HttpServletResponse response, Push.Refusal why, String detail) throws IOException {
        refuse(response, 400, why.reason() + "\n" + (detail == null ? "" : "edgecache: " + detail + "\n"));
    }

    /** An error answer; as in ATS, the connection is not kept alive (the rest of the body may be unread). */
    static void refuse(HttpServletResponse response, int status, String body) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.reset();
        response.setHeader("Connection", "close");
        OriginProxyServlet.plainError(response, status, body);
    }

}
