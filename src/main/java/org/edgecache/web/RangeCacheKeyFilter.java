package org.edgecache.web;

import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.edgecache.http.HttpFields;
import org.edgecache.policy.RangeCacheKey;
import org.edgecache.policy.RangeLookupHints;
import org.edgecache.policy.Storability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ATS's cache_range_requests plugin (seed 001): every range request becomes its own cache object, keyed
 * {@code <effective origin URL>-<first Range value>}, so thousands of ranges of one large object spread over the
 * store. Map it above {@link CacheFilter}: to {@code /*} it is the global plugin, to patterns it is per remap.
 *
 * <p>For a GET or HEAD whose {@code Range} has a non-empty first value, on a URL served by an
 * {@link OriginProxyServlet}: the cache key is set ({@link CacheKeys#ATTRIBUTE}); {@code Range} is hidden from the
 * cache ({@link RangeHidingRequest}) and put back on the origin request ({@link OriginLeg#REQUEST_HEADERS}); the
 * origin's 206 reaches the cache as a 200 ({@link RangeOriginAdapter}), and the client gets it, or a later hit on
 * the range key, as a 206 with its {@code Content-Range} ({@link RangeClientResponse}). A PURGE with a Range gets
 * the range key too, so it removes that range object. Every other request passes untouched. A partial body is
 * never stored under the plain URL (unlike ATS as a global plugin without arguments, reference §2.2).
 *
 * <p>Options are the plugin's, as init-params ({@link RangePluginOptions}); see docs/range-requests.md.
 */
public class RangeCacheKeyFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RangeCacheKeyFilter.class);

    /**
     * The request attribute holding the parent-selection key (a String) under {@code ps-cachekey}: the range cache
     * key, so that every range of a URL is spread over the parents by its own key (seed 001 "Parent Selection
     * Mode"). For the parent-selection feature to read.
     */
    public static final String PARENT_SELECTION_KEY = "org.edgecache.parent.selection-key";

    private transient Engine engine;
    private transient RangePluginOptions options;
    private transient Map<String, EffectiveUrl> origins;

    @Override
    public void init() throws ServletException {
        String scope = "filter '" + getFilterName() + "'";
        try {
            options = RangePluginOptions.from(new Params(scope, getFilterConfig()::getInitParameter,
                    Params::systemLookup), Collections.list(getFilterConfig().getInitParameterNames()));
            engine = Engine.of(getServletContext());
            origins = new HashMap<>();
            for (Map.Entry<String, ? extends ServletRegistration> e : getServletContext().getServletRegistrations()
                    .entrySet()) {
                ServletRegistration reg = e.getValue();
                if (OriginProxyServlet.class.getName().equals(reg.getClassName())) {
                    Map<String, String> init = reg.getInitParameters();
                    origins.put(e.getKey(), new EffectiveUrl(OriginConfig.from(
                            new Params("servlet '" + e.getKey() + "'", init::get, Params::systemLookup))));
                }
            }
        } catch (ConfigException e) {
            LOG.error("{}", e.getMessage());
            throw new ServletException(e.getMessage(), e);
        }
        LOG.info("{}: cache_range_requests with {}", scope, options);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String method = request.getMethod();
        boolean purge = method.equals("PURGE");
        Optional<String> range = RangeCacheKey.firstRange(request.getHeader("Range"));
        EffectiveUrl origin = origins.get(request.getHttpServletMapping().getServletName());
        String url = origin == null ? null : origin.of(request);
        if (!(method.equals("GET") || method.equals("HEAD") || purge) || range.isEmpty() || url == null) {
            chain.doFilter(request, response);
            return;
        }
        String key = RangeCacheKey.of(url, range.get());
        if (options.psCacheKey()) {
            request.setAttribute(PARENT_SELECTION_KEY, key);
        }
        if (!options.noModifyCacheKey()) {
            request.setAttribute(CacheKeys.ATTRIBUTE, key);
        } else if (request.getAttribute(CacheKeys.ATTRIBUTE) == null) {
            // no filter above keyed the request: swapping now would store the range under the plain URL
            LOG.debug("{} {}: no-modify-cachekey and no key set above; left to the cache's own range handling",
                    method, url);
            chain.doFilter(request, response);
            return;
        }
        if (purge) {
            chain.doFilter(request, response);
            return;
        }
        LOG.debug("{} {}: range key {}", method, url, key);
        HttpServletRequest cacheRequest = new RangeHidingRequest(request);
        RangeOriginAdapter adapter = new RangeOriginAdapter(request, options,
                head -> Storability.decide(method, RequestHeaders.of(cacheRequest), head.status(), head.headers(),
                        engine.settings()).storable());
        request.setAttribute(OriginLeg.REQUEST_HEADERS, HttpFields.of("Range", range.get()));
        request.setAttribute(OriginLeg.RESPONSE_ADAPTER, adapter);
        if (options.considerIms() || options.considerIdent()) {
            String ims = options.considerIms() ? request.getHeader(options.imsHeader()) : null;
            String ident = options.considerIdent() ? request.getHeader(options.identHeader()) : null;
            if (ims != null || ident != null) {
                request.setAttribute(LookupOverride.ATTRIBUTE, (LookupOverride) (verdict, status, stored) ->
                        RangeLookupHints.apply(verdict, status, stored, ims, ident));
            }
        }
        chain.doFilter(cacheRequest, new RangeClientResponse(response, adapter));
    }
}
