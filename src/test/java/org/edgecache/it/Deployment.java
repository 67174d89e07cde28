package org.edgecache.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.edgecache.web.EdgeCacheListener;
import org.edgecache.web.OriginProxyServlet;

/** A web application as web.xml would declare it, deployable into any {@link Container}. */
public final class Deployment {
    public record Component(String name, String className, Map<String, String> initParams, List<String> patterns) {
    }

    final Map<String, String> contextParams = new LinkedHashMap<>();
    final List<String> listeners = new ArrayList<>();
    final List<Component> filters = new ArrayList<>();
    final List<Component> servlets = new ArrayList<>();

    public static Deployment proxyTo(String originUrl, String... servletParams) {
        Deployment d = new Deployment().listener(EdgeCacheListener.class.getName());
        Map<String, String> init = new LinkedHashMap<>();
        init.put("proxyTo", originUrl);
        for (int i = 0; i < servletParams.length; i += 2) {
            init.put(servletParams[i], servletParams[i + 1]);
        }
        return d.servlet("origin", OriginProxyServlet.class.getName(), init, "/*");
    }

    /** The origin proxy with the cache in front of it on every URL. */
    public static Deployment cached(String originUrl, String... servletParams) {
        return proxyTo(originUrl, servletParams).filter("cache", "org.edgecache.web.CacheFilter", Map.of(), "/*");
    }

    public Deployment contextParam(String name, String value) {
        contextParams.put(name, value);
        return this;
    }

    /** Context parameters given as name, value, name, value, … */
    public Deployment contextParams(String... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            contextParam(namesAndValues[i], namesAndValues[i + 1]);
        }
        return this;
    }

    public Deployment listener(String className) {
        listeners.add(className);
        return this;
    }

    public Deployment filter(String name, String className, Map<String, String> init, String... patterns) {
        filters.add(new Component(name, className, Map.copyOf(init), List.of(patterns)));
        return this;
    }

    public Deployment servlet(String name, String className, Map<String, String> init, String... patterns) {
        servlets.add(new Component(name, className, Map.copyOf(init), List.of(patterns)));
        return this;
    }
}
