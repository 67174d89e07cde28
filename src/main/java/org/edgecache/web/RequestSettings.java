package org.edgecache.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.edgecache.policy.CacheSettings;
import org.edgecache.policy.CacheStatus;
import org.edgecache.policy.Lookup;

/**
 * The cache settings of one request: those of the ConfRemapFilter mapped to its URL (or the global ones), with
 * what the cache.config rules say about it; and whether they let the request use the cache at all.
 */
final class RequestSettings {

    private RequestSettings() {
    }

    static CacheSettings of(Engine engine, HttpServletRequest request) {
        Object remapped = request.getAttribute(ConfRemapFilter.ATTRIBUTE);
        CacheSettings base = remapped instanceof CacheSettings s ? s : engine.settings();
        return engine.cacheConfig().settingsFor(request, base, engine.clock().instant());
    }

    /**
     * Sends a GET or HEAD straight down the chain, neither looked up nor stored, when the settings keep it out of
     * the cache (caching off, never-cache, a dynamic-looking URL); returns whether it did.
     */
    static boolean bypass(Engine engine, CacheSettings settings, HttpServletRequest request,
            HttpServletResponse response, FilterChain chain) throws IOException, ServletException {
        String q = request.getQueryString();
        String target = q == null ? request.getRequestURI() : request.getRequestURI() + "?" + q;
        Lookup.Verdict v = Lookup.decide(request.getMethod(), target, settings);
        if (v.lookup()) {
            return false;
        }
        response.setHeader("Cache-Status", CacheStatus.builder(engine.cacheName()).fwd(CacheStatus.Fwd.BYPASS)
                .detail(v.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')).build());
        chain.doFilter(request, response);
        return true;
    }
}
