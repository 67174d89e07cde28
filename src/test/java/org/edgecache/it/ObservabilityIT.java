package org.edgecache.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.edgecache.web.MetricsServlet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What an operator sees, through each container against a real origin: the squid access log (read from the file
 * the deployment names), the Prometheus endpoint and the JMX attributes in this JVM's platform MBean server, each
 * counted exactly for hits, misses, revalidations, stale-if-error, conditional hits and an origin that is down.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"jetty", "tomcat"})
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ObservabilityIT extends EdgeFixture {
    private static final String BODY = "twelve bytes";
    private static final String LAST_MODIFIED = "Sun, 22 Nov 2026 06:00:00 GMT";
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** time elapsed client code/status bytes method url - hierarchy/host content-type */
    private static final Pattern SQUID = Pattern.compile(
            "\\d+\\.\\d{3} \\d+ \\S+ [A-Z_]+/\\d{3} \\d+ [A-Z]+ \\S+ - (NONE/-|DIRECT/\\S+) \\S+");

    private final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
    private TestOrigin origin;
    private URI proxy;
    private Path accessLog;
    private String jmxContext;

    @BeforeEach
    void startOrigin() throws Exception {
        origin = edge.origin();
        origin.on("/fresh", ex -> TestOrigin.respond(ex, 200, BODY, "Cache-Control", "max-age=600",
                "Content-Type", "text/plain", "Last-Modified", LAST_MODIFIED));
        origin.on("/revalidated", ex -> {
            if ("\"v1\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                TestOrigin.respond(ex, 304, "", "ETag", "\"v1\"", "Cache-Control", "max-age=0");
            } else {
                TestOrigin.respond(ex, 200, BODY, "ETag", "\"v1\"", "Cache-Control", "max-age=0",
                        "Content-Type", "text/plain");
            }
        });
        origin.on("/stale", ex -> TestOrigin.respond(ex, 200, BODY, "Cache-Control", "max-age=0",
                "ETag", "\"s1\"", "Content-Type", "text/plain"));
        java.util.concurrent.atomic.AtomicInteger version = new java.util.concurrent.atomic.AtomicInteger();
        origin.on("/changing", ex -> TestOrigin.respond(ex, 200, BODY, "Cache-Control", "max-age=0",
                "ETag", "\"v" + version.incrementAndGet() + "\"", "Content-Type", "text/plain"));
        origin.on("/post", ex -> TestOrigin.respond(ex, 200, "posted", "Content-Type", "text/plain"));
    }

    private void deploy(String... contextParams) throws Exception {
        deploy(Deployment.cached(origin.url()), contextParams);
    }

    private void deploy(Deployment d, String... contextParams) throws Exception {
        accessLog = work.resolve("access.log");
        d.servlet("metrics", MetricsServlet.class.getName(), Map.of(), "/edgecache/metrics")
                .contextParam("edgecache.access-log.file", accessLog.toString());
        d.contextParams(contextParams);
        Set<ObjectName> before = jmx.queryNames(new ObjectName("edgecache:type=Engine,*"), null);
        proxy = edge.deploy(d);
        Set<ObjectName> engines = new HashSet<>(jmx.queryNames(new ObjectName("edgecache:type=Engine,*"), null));
        engines.removeAll(before);
        assertThat(engines).as("this deployment's engine MBean").hasSize(1);
        jmxContext = engines.iterator().next().getKeyProperty("context");
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(proxy.resolve(path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The access log's lines once there are {@code n} of them. */
    private List<String> lines(int n) {
        await().atMost(WAIT).until(() -> Files.exists(accessLog) && Files.readAllLines(accessLog).size() >= n);
        try {
            List<String> lines = Files.readAllLines(accessLog);
            assertThat(lines).hasSize(n).allMatch(l -> SQUID.matcher(l).matches(), "squid format");
            return lines;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The fields of a line after the time and elapsed fields: client code/status bytes method url - hier type. */
    private static String tail(String line) {
        String[] f = line.split(" ", 3);
        return f[2];
    }

    private Map<String, Double> prometheus() throws Exception {
        HttpResponse<String> r = get("/edgecache/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        Map<String, Double> values = new HashMap<>();
        for (String line : r.body().split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                int sp = line.lastIndexOf(' ');
                values.put(line.substring(0, sp), Double.parseDouble(line.substring(sp + 1)));
            }
        }
        return values;
    }

    private long jmxCounter(String atsName) throws Exception {
        return ((Number) jmx.getAttribute(new ObjectName("edgecache:context=" + jmxContext + ",name=" + atsName),
                "Count")).longValue();
    }

    private long jmxGauge(String atsName) throws Exception {
        return ((Number) jmx.getAttribute(new ObjectName("edgecache:context=" + jmxContext + ",name=" + atsName),
                "Value")).longValue();
    }

    @Test
    void aMissAndThreeHitsAreCountedExactlyInTheLogPrometheusAndJmx() throws Exception {
        deploy();
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> r = get("/fresh");
            assertThat(r.body()).isEqualTo(BODY);
        }
        String url = proxy.resolve("/fresh").toString();
        List<String> lines = lines(4);
        assertThat(tail(lines.get(0))).isEqualTo("127.0.0.1 TCP_MISS/200 12 GET " + url
                + " - DIRECT/127.0.0.1 text/plain");
        for (String hit : lines.subList(1, 4)) {
            assertThat(tail(hit)).isEqualTo("127.0.0.1 TCP_HIT/200 12 GET " + url + " - NONE/- text/plain");
        }

        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Double> p = prometheus();
            assertThat(p).containsEntry("proxy_process_http_cache_lookups_total", 4.0)
                    .containsEntry("proxy_process_http_cache_hit_fresh_total", 3.0)
                    .containsEntry("proxy_process_http_cache_miss_cold_total", 1.0)
                    .containsEntry("proxy_process_http_cache_writes_total", 1.0)
                    .containsEntry("proxy_process_http_tcp_hit_count_total", 3.0)
                    .containsEntry("proxy_process_http_tcp_hit_user_agent_bytes_total", 3.0 * BODY.length())
                    .containsEntry("proxy_process_http_tcp_miss_count_total", 1.0)
                    .containsEntry("proxy_process_http_tcp_miss_origin_server_bytes_total", (double) BODY.length())
                    .containsEntry("proxy_process_http_get_requests_total", 4.0)
                    .containsEntry("proxy_process_http_incoming_requests_total", 4.0)
                    .containsEntry("proxy_process_http_user_agent_response_document_total_size_total",
                            4.0 * BODY.length())
                    .containsEntry("proxy_process_http_origin_server_response_document_total_size_total",
                            (double) BODY.length())
                    .containsEntry("proxy_process_http_total_server_connections_total", 1.0)
                    .containsEntry("proxy_process_http_current_server_connections", 1.0)
                    .containsEntry("proxy_process_cache_direntries_used", 1.0)
                    .containsEntry("proxy_process_cache_bytes_used", (double) BODY.length());
            // per tier: the head and the one chunk in the authoritative (disk) tiers
            assertThat(p).containsEntry("proxy_process_cache_tier_heads_disk_entries", 1.0)
                    .containsEntry("proxy_process_cache_tier_chunks_disk_entries", 1.0)
                    .containsKeys("proxy_process_cache_tier_heads_onheap_entries",
                            "proxy_process_cache_tier_chunks_disk_bytes_used");
        });
        assertThat(jmxCounter("proxy.process.http.cache_hit_fresh")).isEqualTo(3);
        assertThat(jmxCounter("proxy.process.http.tcp_hit_user_agent_bytes")).isEqualTo(3L * BODY.length());
        assertThat(jmxCounter("proxy.process.http.cache_miss_cold")).isEqualTo(1);
        assertThat(jmxCounter("proxy.process.http.total_server_connections")).isEqualTo(1);
        assertThat(jmxGauge("proxy.process.cache.direntries.used")).isEqualTo(1);
        assertThat(origin.count()).isEqualTo(1);
    }

    @Test
    void aStaleCopyThe304RefreshesIsARefreshHit() throws Exception {
        deploy();
        get("/revalidated");
        HttpResponse<String> r = get("/revalidated");
        assertThat(r.body()).isEqualTo(BODY);
        String url = proxy.resolve("/revalidated").toString();
        List<String> lines = lines(2);
        assertThat(tail(lines.get(0))).startsWith("127.0.0.1 TCP_MISS/200 12 GET " + url + " - DIRECT/127.0.0.1");
        assertThat(tail(lines.get(1))).isEqualTo("127.0.0.1 TCP_REFRESH_HIT/200 12 GET " + url
                + " - DIRECT/127.0.0.1 text/plain");
        await().atMost(WAIT).untilAsserted(() -> assertThat(prometheus())
                .containsEntry("proxy_process_http_cache_hit_revalidated_total", 1.0)
                .containsEntry("proxy_process_http_cache_updates_total", 1.0)
                .containsEntry("proxy_process_http_tcp_refresh_hit_count_total", 1.0)
                .containsEntry("proxy_process_http_tcp_refresh_hit_user_agent_bytes_total", (double) BODY.length()));
        assertThat(jmxCounter("proxy.process.http.cache_hit_revalidated")).isEqualTo(1);
    }

    @Test
    void aConditionalRequestAnsweredFromAFreshCopyIsAnImsHit() throws Exception {
        deploy();
        get("/fresh");
        HttpResponse<String> r = get("/fresh", "If-Modified-Since", LAST_MODIFIED);
        assertThat(r.statusCode()).isEqualTo(304);
        String url = proxy.resolve("/fresh").toString();
        List<String> lines = lines(2);
        assertThat(tail(lines.get(1))).startsWith("127.0.0.1 TCP_IMS_HIT/304 0 GET " + url + " - NONE/- ");
        await().atMost(WAIT).untilAsserted(() -> assertThat(prometheus())
                .containsEntry("proxy_process_http_tcp_ims_hit_count_total", 1.0)
                .containsEntry("proxy_process_http_cache_hit_ims_total", 1.0)
                .containsEntry("proxy_process_http_cache_hit_fresh_total", 1.0));
        assertThat(jmxCounter("proxy.process.http.tcp_ims_hit_count")).isEqualTo(1);
    }

    @Test
    void withTheOriginDownAStaleCopyIsARefFailHitAndAnUncachedUrlAConnectFail() throws Exception {
        deploy();
        assertThat(get("/stale").body()).isEqualTo(BODY);
        origin.close();
        HttpResponse<String> stale = get("/stale");
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(BODY);
        HttpResponse<String> down = get("/never-cached");
        assertThat(down.statusCode()).isEqualTo(502);
        List<String> lines = lines(3);
        assertThat(tail(lines.get(1))).isEqualTo("127.0.0.1 TCP_REF_FAIL_HIT/200 12 GET "
                + proxy.resolve("/stale") + " - DIRECT/127.0.0.1 text/plain");
        assertThat(tail(lines.get(2))).startsWith("127.0.0.1 ERR_CONNECT_FAIL/502 " + down.body().length()
                + " GET " + proxy.resolve("/never-cached") + " - DIRECT/127.0.0.1 text/plain");
        await().atMost(WAIT).untilAsserted(() -> assertThat(prometheus())
                .containsEntry("proxy_process_http_cache_hit_stale_served_total", 1.0)
                .containsEntry("proxy_process_http_tcp_ref_fail_hit_count_total", 1.0)
                .containsEntry("proxy_process_http_err_connect_fail_count_total", 1.0)
                .containsEntry("proxy_process_http_origin_errors_total", 2.0));
        assertThat(jmxCounter("proxy.process.http.cache_hit_stale_served")).isEqualTo(1);
        assertThat(jmxCounter("proxy.process.http.err_connect_fail_count")).isEqualTo(1);
    }

    @Test
    void purgeAndPassThroughRequestsGetLinesToo() throws Exception {
        deploy();
        get("/fresh");
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(proxy.resolve("/post"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.body()).isEqualTo("posted");
        HttpResponse<String> purged = http.send(HttpRequest.newBuilder(proxy.resolve("/fresh"))
                .method("PURGE", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(purged.statusCode()).isEqualTo(200);
        List<String> lines = lines(3);
        assertThat(tail(lines.get(1))).isEqualTo("127.0.0.1 TCP_MISS/200 6 POST " + proxy.resolve("/post")
                + " - DIRECT/127.0.0.1 text/plain");
        assertThat(tail(lines.get(2))).startsWith("127.0.0.1 TCP_MISS/200 " + purged.body().length() + " PURGE "
                + proxy.resolve("/fresh") + " - NONE/- ");
        await().atMost(WAIT).untilAsserted(() -> assertThat(prometheus())
                .containsEntry("proxy_process_http_post_requests_total", 1.0)
                .containsEntry("proxy_process_http_purge_requests_total", 1.0)
                .containsEntry("proxy_process_http_incoming_requests_total", 3.0)
                .containsEntry("proxy_process_http_cache_deletes_total", 1.0));
    }

    @Test
    void theAccessLogCanBeTurnedOff() throws Exception {
        deploy("edgecache.access-log", "false");
        get("/fresh");
        get("/fresh");
        await().atMost(WAIT).untilAsserted(() -> assertThat(prometheus())
                .containsEntry("proxy_process_http_tcp_hit_count_total", 1.0));
        assertThat(accessLog).doesNotExist();
    }

    @Test
    void aBodyTheOriginBreaksOffIsAWriteErrorAndAnErrUnknown() throws Exception {
        try (RawOrigin broken = new RawOrigin(out -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nCache-Control: max-age=600\r\n"
                    + "Content-Type: text/plain\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[50]);
        })) {
            deploy(Deployment.cached(broken.url()));
            assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(proxy.resolve("/broken")).build(),
                    HttpResponse.BodyHandlers.ofByteArray())).isInstanceOf(java.io.IOException.class);
            List<String> lines = lines(1);
            assertThat(tail(lines.get(0))).isEqualTo("127.0.0.1 ERR_UNKNOWN/200 50 GET " + proxy.resolve("/broken")
                    + " - DIRECT/127.0.0.1 text/plain");
            await().atMost(WAIT).untilAsserted(() -> assertThat(prometheus())
                    .containsEntry("proxy_process_http_cache_write_errors_total", 1.0)
                    .containsEntry("proxy_process_http_cache_writes_total", 0.0)
                    .containsEntry("proxy_process_http_err_unknown_count_total", 1.0)
                    .containsEntry("proxy_process_http_origin_server_response_document_total_size_total", 50.0)
                    .containsEntry("proxy_process_cache_direntries_used", 0.0));
            assertThat(jmxCounter("proxy.process.http.cache_write_errors")).isEqualTo(1);
        }
    }

    @Test
    void aCollapsedWaiterIsCountedAndLoggedAsAHitFromTheLeadersObject() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        origin.on("/slow", ex -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            TestOrigin.respond(ex, 200, BODY, "Cache-Control", "max-age=600", "Content-Type", "text/plain");
        });
        deploy(Deployment.cached(origin.url()).filter("collapse", "org.edgecache.web.CollapsedForwardingFilter",
                Map.of("delay", "5000", "retries", "5"), "/*"));
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            Future<HttpResponse<String>> leader = clients.submit(() -> get("/slow"));
            await().atMost(WAIT).until(() -> origin.count() == 1);
            Future<HttpResponse<String>> waiter = clients.submit(() -> get("/slow"));
            await().atMost(WAIT).untilAsserted(() -> assertThat(prometheus())
                    .containsEntry("edgecache_collapsed_forwarding_waits_total", 1.0));
            release.countDown();
            assertThat(leader.get(30, TimeUnit.SECONDS).body()).isEqualTo(BODY);
            assertThat(waiter.get(30, TimeUnit.SECONDS).body()).isEqualTo(BODY);
        } finally {
            release.countDown();
            clients.shutdownNow();
        }
        String url = proxy.resolve("/slow").toString();
        // two /slow lines (the prometheus scrapes are not proxied and get none)
        assertThat(lines(2)).extracting(ObservabilityIT::tail).containsExactlyInAnyOrder(
                "127.0.0.1 TCP_MISS/200 12 GET " + url + " - DIRECT/127.0.0.1 text/plain",
                "127.0.0.1 TCP_HIT/200 12 GET " + url + " - NONE/- text/plain");
        assertThat(origin.count()).isEqualTo(1);
        await().atMost(WAIT).untilAsserted(() -> assertThat(prometheus())
                .containsEntry("edgecache_collapsed_forwarding_served_from_cache_total", 1.0)
                .containsEntry("proxy_process_http_tcp_hit_count_total", 1.0)
                .containsEntry("proxy_process_http_tcp_miss_count_total", 1.0));
        assertThat(jmxCounter("edgecache.collapsed_forwarding.waits")).isEqualTo(1);
    }

    @Test
    void aChangedObjectAClientNoCacheAndAnUncacheableRequestAreMissesOfTheirKind() throws Exception {
        deploy();
        get("/changing");
        get("/changing");
        get("/fresh");
        get("/fresh", "Cache-Control", "no-cache");
        get("/fresh", "Authorization", "Basic dXNlcjpwYXNz");
        List<String> lines = lines(5);
        assertThat(tail(lines.get(1))).isEqualTo("127.0.0.1 TCP_REFRESH_MISS/200 12 GET "
                + proxy.resolve("/changing") + " - DIRECT/127.0.0.1 text/plain");
        assertThat(tail(lines.get(3))).isEqualTo("127.0.0.1 TCP_CLIENT_REFRESH/200 12 GET "
                + proxy.resolve("/fresh") + " - DIRECT/127.0.0.1 text/plain");
        assertThat(tail(lines.get(4))).isEqualTo("127.0.0.1 TCP_MISS/200 12 GET "
                + proxy.resolve("/fresh") + " - DIRECT/127.0.0.1 text/plain");
        await().atMost(WAIT).untilAsserted(() -> assertThat(prometheus())
                // the answer to the client's no-cache is not stored (edgecache.store-responses-to-client-no-cache)
                .containsEntry("proxy_process_http_cache_miss_changed_total", 1.0)
                .containsEntry("proxy_process_http_cache_lookups_total", 5.0)
                .containsEntry("proxy_process_http_cache_miss_client_no_cache_total", 1.0)
                .containsEntry("proxy_process_http_cache_miss_client_not_cacheable_total", 1.0)
                .containsEntry("proxy_process_http_cache_miss_cold_total", 2.0)
                .containsEntry("proxy_process_http_tcp_refresh_miss_count_total", 1.0)
                .containsEntry("proxy_process_http_tcp_client_refresh_count_total", 1.0)
                .containsEntry("proxy_process_http_tcp_miss_count_total", 3.0));
        assertThat(jmxCounter("proxy.process.http.cache_miss_changed")).isEqualTo(1);
        assertThat(origin.count()).isEqualTo(5);
    }
}
