package org.edgecache.web;

import java.lang.management.ManagementFactory;
import java.util.Hashtable;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.jmx.JmxReporter;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.util.HierarchicalNameMapper;
import io.micrometer.jmx.JmxConfig;
import io.micrometer.jmx.JmxMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's Micrometer registry: a composite of a Prometheus registry (for {@link MetricsServlet}) and a JMX
 * registry (MBeans in the platform MBean server, domain {@value #DOMAIN}). Every {@link Stats} counter becomes a
 * function counter over its adder and every value a gauge, so the request path counts exactly as before.
 *
 * <p>Several web applications may share a JVM (and redeploy): each engine registers a marker MBean
 * {@code edgecache:type=Engine,context=<path>} first, taking {@code <path>#2}, {@code #3}, … when the name is held,
 * and puts its metrics under the same {@code context} key; closing the engine unregisters them all.
 */
public final class Metrics implements Stats.Binding, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);

    public static final String DOMAIN = "edgecache";

    /** The counters that go up and down: exported as gauges. */
    private static final Set<String> UP_AND_DOWN = Set.of(BackgroundFetches.ACTIVE,
            ContentStats.UPDATE_STATE_MACHINES);

    /** The values read from elsewhere that only go up: exported as counters. */
    private static final Set<String> MONOTONIC_VALUES = Set.of(Stats.TOTAL_SERVER_CONNECTIONS);

    private final CompositeMeterRegistry registry = new CompositeMeterRegistry();
    private final PrometheusMeterRegistry prometheus;
    private final JmxMeterRegistry jmx;
    private final MBeanServer server;
    private final ObjectName marker;
    private final String context;

    /** An engine's registry, its MBeans keyed by the web application's context path ("" for the root). */
    public Metrics(String contextPath) {
        this.server = ManagementFactory.getPlatformMBeanServer();
        String base = contextPath == null || contextPath.isEmpty() ? "/" : contextPath;
        ObjectName taken = null;
        String ctx = base;
        for (int i = 2; taken == null; i++) {
            try {
                ObjectName name = new ObjectName(DOMAIN, table("type", "Engine", "context", keyValue(ctx)));
                server.registerMBean(new StandardMBean(new EngineInfo(ctx), EngineInfoMBean.class), name);
                taken = name;
            } catch (InstanceAlreadyExistsException e) {
                ctx = base + "#" + i;
            } catch (JMException e) {
                throw new IllegalStateException("edgecache: cannot register the engine's MBean: " + e, e);
            }
        }
        this.marker = taken;
        this.context = ctx;
        this.prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        MetricRegistry dropwizard = new MetricRegistry();
        String jmxContext = ctx;
        JmxReporter reporter = JmxReporter.forRegistry(dropwizard).inDomain(DOMAIN).registerWith(server)
                .createsObjectNamesWith((type, domain, name) -> objectName(domain, jmxContext, name)).build();
        this.jmx = new JmxMeterRegistry(JmxConfig.DEFAULT, Clock.SYSTEM, HierarchicalNameMapper.DEFAULT, dropwizard,
                reporter);
        this.jmx.config().namingConvention(NamingConvention.identity);
        registry.add(prometheus);
        registry.add(jmx);
    }

    /** The JMX ObjectName of a statistic: {@code edgecache:context=<path>,name=<ATS name>}. */
    static ObjectName objectName(String domain, String context, String name) {
        try {
            return new ObjectName(domain, table("context", keyValue(context), "name", keyValue(name)));
        } catch (JMException e) {
            throw new IllegalArgumentException("not a JMX name: " + name, e);
        }
    }

    /** The value as it may stand in an ObjectName: as is, or quoted when it holds a character JMX reserves. */
    static String keyValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (",=:\"*?\\\n".indexOf(value.charAt(i)) >= 0) {
                return ObjectName.quote(value);
            }
        }
        return value;
    }

    private static Hashtable<String, String> table(String k1, String v1, String k2, String v2) {
        Hashtable<String, String> t = new Hashtable<>();
        t.put(k1, v1);
        t.put(k2, v2);
        return t;
    }

    /** The {@code context} key of this engine's MBeans (the context path, or {@code <path>#n} when shared). */
    public String context() {
        return context;
    }

    /** Binds every counter and value of the statistics, present and future. */
    public Metrics bind(Stats stats) {
        stats.bind(this);
        return this;
    }

    @Override
    public void counter(String name, LongAdder adder) {
        if (UP_AND_DOWN.contains(name)) {
            Gauge.builder(name, adder, LongAdder::sum).strongReference(true).register(registry);
        } else {
            FunctionCounter.builder(name, adder, LongAdder::sum).register(registry);
        }
    }

    @Override
    public void value(String name, LongSupplier supplier) {
        if (MONOTONIC_VALUES.contains(name)) {
            FunctionCounter.builder(name, supplier, s -> s.getAsLong()).register(registry);
            return;
        }
        Gauge.builder(name, supplier, s -> s.getAsLong()).strongReference(true).register(registry);
    }

    /** The Prometheus text exposition format (0.0.4) of every metric. */
    public String scrape() {
        return prometheus.scrape();
    }

    @Override
    public void close() {
        registry.close();
        prometheus.close();
        jmx.close();
        try {
            server.unregisterMBean(marker);
        } catch (JMException e) {
            LOG.debug("engine MBean {} already gone: {}", marker, e.toString());
        }
    }

    /** The marker MBean of an engine: which web application the {@code context} key stands for. */
    public interface EngineInfoMBean {
        String getContextPath();
    }

    private record EngineInfo(String contextPath) implements EngineInfoMBean {
        @Override
        public String getContextPath() {
            return contextPath;
        }
    }
}
