package org.edgecache.web;

import java.time.Clock;
import java.util.Map;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;

import org.edgecache.policy.CacheSettings;
import org.edgecache.policy.HerdSettings;
import org.edgecache.store.ClusterConfig;
import org.edgecache.store.ClusterFallbackStore;
import org.edgecache.store.EhcacheObjectStore;
import org.edgecache.store.ObjectStore;
import org.edgecache.store.StoreConfig;
import org.edgecache.store.UncacheableKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the web application's {@link Engine} from context-params, validates the init-params of every edgecache
 * servlet so that bad configuration fails the deployment, and closes the engine when the application stops.
 *
 * <p>A context-param may be overridden by a Java system property of exactly the same name.
 */
public class EdgeCacheListener implements ServletContextListener {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeCacheListener.class);

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext ctx = event.getServletContext();
        try {
            Params params = contextParams(ctx);
            validateServlets(ctx);
            CacheSettings settings = SettingsReader.read(params);
            Clock clock = Clock.systemUTC();
            CacheConfigFile cacheConfig = CacheConfigFile.load(params, ctx, clock);
            HerdSettings herd = HerdSettingsReader.read(params);
            ClusterConfig cluster = clusterConfig(params);
            StoreConfig storeConfig = storeConfig(params, ctx, cluster != null);
            OriginClient originClient = new OriginClient(
                    (int) params.integer("edgecache.origin.max-connections", 1024, 1, 65_536));
            ObjectStore store;
            try {
                store = cluster != null ? new ClusterFallbackStore(storeConfig, cluster, clock)
                        : new EhcacheObjectStore(storeConfig, null, clock);
            } catch (RuntimeException e) {
                originClient.close();
                throw new ConfigException("the store could not be opened "
                        + (cluster != null ? "with its clustered tier" : "in " + storeConfig.directory()) + ": "
                        + e.getMessage());
            }
            Engine engine = new Engine(clock, originClient, store, settings,
                    params.string("edgecache.cache-name", "edgecache"));
            engine.cacheConfig(cacheConfig);
            engine.herd(herd);
            engine.uncacheable(new UncacheableKeys(engine.clock(), java.time.Duration.ofSeconds(params.integer(
                    Engine.PARAM_UNCACHEABLE_TTL, Engine.DEFAULT_UNCACHEABLE_TTL.toSeconds(), 0, 86_400))));
            try {
                engine.protection(OriginProtection.from(params, engine.clock(), engine.stats()));
            } catch (ConfigException e) {
                engine.close();
                throw e;
            }
            try {
                engine.parents(ParentRouting.from(params, ctx, engine.clock()));
            } catch (ConfigException e) {
                engine.close();
                throw e;
            }
            try {
                engine.content(ContentManagement.from(params, engine.clock(), engine.stats()));
            } catch (ConfigException e) {
                engine.close();
                throw e;
            }
            try {
                engine.accessLog(AccessLog.from(params, engine.stats()));
            } catch (ConfigException e) {
                engine.close();
                throw e;
            }
            ClientTransactions.register(engine.stats());
            try {
                engine.metrics(new Metrics(ctx.getContextPath()));
            } catch (RuntimeException e) {
                engine.close();
                throw new ConfigException("the metrics registry could not be set up: " + e.getMessage());
            }
            ctx.setAttribute(Engine.ATTRIBUTE, engine);
            engine.content().start();
            LOG.info("edgecache engine started for context '{}'", ctx.getContextPath());
        } catch (ConfigException e) {
            LOG.error("{}", e.getMessage());
            throw e;
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        Object e = event.getServletContext().getAttribute(Engine.ATTRIBUTE);
        event.getServletContext().removeAttribute(Engine.ATTRIBUTE);
        if (e instanceof Engine engine) {
            engine.close();
            LOG.info("edgecache engine stopped");
        }
    }

    /**
     * The store's settings; without {@code edgecache.store.directory} the persistent tier lives in
     * {@code <java.io.tmpdir>/edgecache/<context>}; the value {@code none} keeps the store in memory only.
     */
    static StoreConfig storeConfig(Params params, ServletContext ctx, boolean clustered) {
        String dir = params.raw(StoreConfig.PARAM_DIRECTORY);
        String resolvedDir;
        if (clustered) {
            // the clustered tier takes the disk tier's place: Ehcache has no tier set with both
            String disk = params.raw(StoreConfig.PARAM_DISK);
            if (disk != null && !disk.isBlank() && !disk.trim().equals("0")) {
                throw new ConfigException("context-param " + StoreConfig.PARAM_DISK + "=" + disk.trim()
                        + " cannot be used with " + ClusterConfig.PARAM_URI + ": the clustered tier replaces the disk"
                        + " tier (Ehcache has no tier set with both); remove it or set it to 0");
            }
            if (dir != null && !dir.isBlank()) {
                LOG.info("{} is not used: with {} the store has no disk tier", StoreConfig.PARAM_DIRECTORY,
                        ClusterConfig.PARAM_URI);
            }
            try {
                return StoreConfig.fromParameters(name -> name.equals(StoreConfig.PARAM_DIRECTORY)
                        || name.equals(StoreConfig.PARAM_DISK) ? null : params.raw(name));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("context-param " + e.getMessage());
            }
        }
        if (dir == null || dir.isEmpty()) {
            String name = ctx.getContextPath().isEmpty() ? "ROOT" : ctx.getContextPath().substring(1).replace('/', '#');
            resolvedDir = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "edgecache", name).toString();
        } else {
            resolvedDir = dir.equalsIgnoreCase("none") ? null : dir;
        }
        try {
            return StoreConfig.fromParameters(name -> name.equals(StoreConfig.PARAM_DIRECTORY) ? resolvedDir
                    : params.raw(name));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("context-param " + e.getMessage());
        }
    }

    /** The clustered tier ({@code edgecache.store.cluster-*}), or null without {@code cluster-uri}. */
    static ClusterConfig clusterConfig(Params params) {
        try {
            return ClusterConfig.fromParameters(params::raw);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("context-param " + e.getMessage());
        }
    }

    /** The context-params, each overridable by a system property of the same name. */
    public static Params contextParams(ServletContext ctx) {
        return new Params("context-param", name -> {
            String sys = System.getProperty(name);
            return sys != null ? sys : ctx.getInitParameter(name);
        }, Params::systemLookup);
    }

    /**
     * Reads every {@link OriginProxyServlet}'s and {@link InspectorServlet}'s init-params now, so a bad value fails
     * the deployment.
     */
    private static void validateServlets(ServletContext ctx) {
        for (Map.Entry<String, ? extends ServletRegistration> e : ctx.getServletRegistrations().entrySet()) {
            ServletRegistration reg = e.getValue();
            if (OriginProxyServlet.class.getName().equals(reg.getClassName())) {
                Map<String, String> init = reg.getInitParameters();
                OriginConfig.from(new Params("servlet '" + e.getKey() + "'", init::get, Params::systemLookup));
            } else if (InspectorServlet.class.getName().equals(reg.getClassName())) {
                Map<String, String> init = reg.getInitParameters();
                InspectorSettings.from(new Params("servlet '" + e.getKey() + "'", init::get, Params::systemLookup));
            }
        }
    }
}
