package org.edgecache.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Answers {@code PURGE <url>} (ATS behaviour §5.17): removes every alternate stored under the URL's cache key and
 * answers 200 with an empty body, or 404 when nothing was stored; 403 when the client may not PURGE. Never
 * forwarded to the origin.
 */
final class PurgeHandler {
    private final Engine engine;

    PurgeHandler(Engine engine) {
        this.engine = engine;
    }

    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        engine.stats().increment(ContentStats.PURGE_REQUESTS);
        if (!engine.content().permits(request, "PURGE")) {
            PushHandler.refuse(response, 403, "edgecache: PURGE is not allowed from " + request.getRemoteAddr()
                    + " (ip_allow)\n");
            return;
        }
        String key = CacheKeys.of(request);
        if (engine.store().remove(key)) {
            engine.stats().increment(Stats.DELETES);
            response.setStatus(HttpServletResponse.SC_OK);
            response.setHeader("Cache-Control", "no-store");
            response.setContentLength(0);
        } else {
            OriginProxyServlet.plainError(response, HttpServletResponse.SC_NOT_FOUND,
                    "edgecache: nothing is stored under " + key + "\n");
        }
    }
}
