package org.edgecache.it;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.edgecache.web.CacheKeys;
import org.edgecache.web.RangeCacheKeyFilter;

/**
 * A test filter in the spirit of ATS's xdebug: mapped between the filters under test and the cache, it reports the
 * cache key and the parent-selection key the request carries as {@code X-Cache-Key} and
 * {@code X-ParentSelection-Key}. With the init-param {@code setKey=true} it instead plays the cachekey plugin
 * above cache_range_requests: it sets a key that includes the Range ({@code /cachekey/Range:<range>/<path>}).
 */
public class KeyProbeFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if ("true".equals(getInitParameter("setKey"))) {
            request.setAttribute(CacheKeys.ATTRIBUTE, "/cachekey/Range:" + request.getHeader("Range")
                    + request.getRequestURI());
        } else {
            if (request.getAttribute(CacheKeys.ATTRIBUTE) instanceof String key) {
                response.setHeader("X-Cache-Key", key);
            }
            if (request.getAttribute(RangeCacheKeyFilter.PARENT_SELECTION_KEY) instanceof String ps) {
                response.setHeader("X-ParentSelection-Key", ps);
            }
        }
        chain.doFilter(request, response);
    }
}
