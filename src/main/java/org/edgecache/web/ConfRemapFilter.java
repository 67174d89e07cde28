package org.edgecache.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.edgecache.policy.CacheSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ATS's conf_remap: the cache knobs for the URL patterns this filter is mapped to. Its init-params have the same
 * names as the global context-params (docs/configuration.md says which can be set per pattern) and override them;
 * the merged settings are computed once, when the filter starts, and handed to {@link CacheFilter} in the request
 * attribute {@link #ATTRIBUTE}. Map it above CacheFilter (its filter-mapping first). When several ConfRemapFilters
 * match one request, the one mapped last (innermost) wins as a whole, as one ATS remap rule does.
 *
 * <p>An unknown name, a global-only name or a bad value fails the deployment with a message naming it.
 */
public class ConfRemapFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ConfRemapFilter.class);

    /** The request attribute holding the {@link CacheSettings} for this request's URL pattern. */
    public static final String ATTRIBUTE = "org.edgecache.cache.settings";

    private transient CacheSettings settings;

    @Override
    public void init() throws ServletException {
        try {
            Engine engine = Engine.of(getServletContext());
            String scope = "filter '" + getFilterName() + "'";
            checkNames(scope, Collections.list(getInitParameterNames()));
            settings = SettingsReader.read(new Params(scope, this::getInitParameter, Params::systemLookup),
                    engine.settings());
        } catch (ConfigException e) {
            LOG.error("{}", e.getMessage());
            throw new ServletException("edgecache: " + e.getMessage(), e);
        }
    }

    /** The merged settings of this filter (for tests and diagnostics). */
    CacheSettings settings() {
        return settings;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        request.setAttribute(ATTRIBUTE, settings);
        chain.doFilter(request, response);
    }

    /** The thundering-herd records: global in edgecache. */
    private static final Set<String> HERD = herdNames();

    private static Set<String> herdNames() {
        Set<String> names = new java.util.HashSet<>();
        HerdSettingsReader.read(new Params("names", n -> {
            names.add(n);
            return null;
        }, n -> null));
        return Set.copyOf(names);
    }

    /** Every name must be a knob that can be set per URL pattern. */
    static void checkNames(String scope, List<String> names) {
        Set<String> knobs = SettingsReader.knobNames();
        List<String> problems = new ArrayList<>();
        for (String n : names) {
            if (knobs.contains(n)) {
                continue;
            }
            if (globalOnly(n)) {
                problems.add("'" + n + "' is a global setting: set it as a context-param, not per URL pattern");
            } else {
                problems.add("'" + n + "' is not a cache knob that can be set per URL pattern");
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(scope + ": " + String.join("; ", problems) + ". The knobs that can be set per"
                    + " URL pattern are: " + String.join(", ", knobs));
        }
    }

    private static boolean globalOnly(String name) {
        return HERD.contains(name) || name.equals("edgecache.defaults") || name.equals(CacheConfigFile.PARAM)
                || name.equals(CacheConfigFile.PARAM_TIME_ZONE) || name.startsWith("edgecache.store.")
                || name.startsWith("edgecache.origin.") || name.startsWith("edgecache.background.")
                || name.equals("edgecache.cache-name");
    }
}
