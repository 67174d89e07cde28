package org.edgecache.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.Test;

class MetricsTest {
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @Test
    void countersAppearInPrometheusAndJmxUnderTheirAtsNames() throws Exception {
        Stats stats = new Stats();
        try (Metrics metrics = new Metrics("/metrics-test").bind(stats)) {
            stats.increment(Stats.HIT_FRESH);
            stats.increment(Stats.HIT_FRESH);
            stats.add("proxy.process.http.tcp_hit_user_agent_bytes", 300);
            stats.register(Stats.CURRENT_SERVER_CONNECTIONS, () -> 7);

            assertThat(metrics.scrape())
                    .contains("# TYPE proxy_process_http_cache_hit_fresh_total counter")
                    .contains("proxy_process_http_cache_hit_fresh_total 2.0")
                    .contains("proxy_process_http_tcp_hit_user_agent_bytes_total 300.0")
                    .contains("# TYPE proxy_process_http_current_server_connections gauge")
                    .contains("proxy_process_http_current_server_connections 7.0");
            ObjectName hit = new ObjectName("edgecache:context=/metrics-test,name=proxy.process.http.cache_hit_fresh");
            assertThat(((Number) server.getAttribute(hit, "Count")).longValue()).isEqualTo(2);
            ObjectName open = new ObjectName(
                    "edgecache:context=/metrics-test,name=proxy.process.http.current_server_connections");
            assertThat(((Number) server.getAttribute(open, "Value")).longValue()).isEqualTo(7);
        }
        assertThat(server.queryNames(new ObjectName("edgecache:context=/metrics-test,*"), null)).isEmpty();
        assertThat(server.queryNames(new ObjectName("edgecache:type=Engine,context=/metrics-test"), null)).isEmpty();
    }

    @Test
    void twoEnginesWithTheSameContextPathTakeTwoNamesAndAThirdReusesAFreedOne() throws Exception {
        Stats a = new Stats();
        Stats b = new Stats();
        try (Metrics first = new Metrics("/twice").bind(a); Metrics second = new Metrics("/twice").bind(b)) {
            a.increment(Stats.WRITES);
            b.add(Stats.WRITES, 5);
            assertThat(first.context()).isEqualTo("/twice");
            assertThat(second.context()).isEqualTo("/twice#2");
            assertThat(((Number) server.getAttribute(
                    new ObjectName("edgecache:context=/twice,name=" + Stats.WRITES), "Count")).longValue()).isOne();
            assertThat(((Number) server.getAttribute(
                    new ObjectName("edgecache:context=/twice#2,name=" + Stats.WRITES), "Count")).longValue())
                    .isEqualTo(5);
        }
        try (Metrics again = new Metrics("/twice").bind(new Stats())) {
            assertThat(again.context()).isEqualTo("/twice");
        }
    }

    @Test
    void countersAddedAfterBindingAreExportedToo() throws Exception {
        Stats stats = new Stats();
        try (Metrics metrics = new Metrics("/late").bind(stats)) {
            stats.add("edgecache.late.counter", 4);
            assertThat(metrics.scrape()).contains("edgecache_late_counter_total 4.0");
            assertThat(((Number) server.getAttribute(
                    new ObjectName("edgecache:context=/late,name=edgecache.late.counter"), "Count")).longValue())
                    .isEqualTo(4);
        }
    }
}
