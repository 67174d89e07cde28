package org.edgecache.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;

import org.edgecache.web.StatsServlet;
import org.edgecache.web.UpdateServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scheduled update through each container: a depth-2 run over a small site fills the cache with exactly the
 * reachable same-host pages, never more than {@code concurrent_updates} requests at the origin at once, with its
 * progress on the stats page while it runs; a second run refreshes; force mode runs continually until cleared.
 * Runs are started through the admin endpoint (the schedule itself is measured by UpdaterTest and
 * UpdateScheduleTest with a clock the test moves).
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"jetty", "tomcat"})
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ScheduledUpdateIT extends EdgeFixture {
    /** The pages reachable from the index within two links, on the same host. */
    private static final Set<String> REACHABLE = Set.of("/site/index.html", "/site/a.html", "/site/b.html",
            "/site/img.png", "/site/f.html", "/site/c.html", "/site/d.html");
    private static final Set<String> LEVEL_ONE = Set.of("/site/a.html", "/site/b.html", "/site/img.png",
            "/site/f.html");
    private static final Map<String, String> PAGES = Map.of(
            "/site/index.html", """
                    <html><body><a href="a.html">a</a> <a href="/site/b.html">b</a> <img src="img.png">
                    <a href="f.html#part">f</a> <a href="http://other.example/site/external.html">elsewhere</a>
                    <a href="http://www.company.com:8081/site/port.html">another port</a>
                    <a href="mailto:webmaster@company.com">mail</a></body></html>""",
            "/site/a.html", "<a href=\"c.html\">c</a> <a href=\"index.html\">home</a>",
            "/site/b.html", "<a href=\"c.html\">c</a> <a href=\"d.html\">d</a>",
            "/site/c.html", "<a href=\"e.html\">three links down</a>",
            "/site/d.html", "<p>no links</p>",
            "/site/e.html", "<p>too deep</p>",
            "/site/f.html", "<a href=\"index.html\">home</a>",
            "/site/external.html", "<p>not ours</p>",
            "/site/port.html", "<p>not ours either</p>");

    private TestOrigin origin;
    private URI proxy;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    /** Level-one pages meet here in pairs: with a limit of 2 they always can, with a limit of 1 never. */
    private final CyclicBarrier pairs = new CyclicBarrier(2);
    private volatile CountDownLatch holdD;
    private final CountDownLatch dArrived = new CountDownLatch(1);

    @BeforeEach
    void startOrigin() throws Exception {
        origin = edge.origin();
        origin.on("/site/", this::serve);
    }

    private void serve(HttpExchange ex) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            String path = ex.getRequestURI().getPath();
            if (LEVEL_ONE.contains(path)) {
                meet(() -> pairs.await(10, TimeUnit.SECONDS));
            }
            if (path.equals("/site/d.html") && holdD != null) {
                dArrived.countDown();
                meet(() -> holdD.await(30, TimeUnit.SECONDS));
            }
            String etag = "\"" + path.hashCode() + "\"";
            if (etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                TestOrigin.respond(ex, 304, "", "ETag", etag, "Cache-Control", "max-age=600");
            } else if (path.endsWith(".png")) {
                TestOrigin.respond(ex, 200, "PNG...", "Content-Type", "image/png", "ETag", etag,
                        "Cache-Control", "max-age=600");
            } else {
                TestOrigin.respond(ex, 200, PAGES.getOrDefault(path, "?"), "Content-Type", "text/html; charset=utf-8",
                        "ETag", etag, "Cache-Control", "max-age=600");
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private interface Wait {
        Object call() throws Exception;
    }

    private static void meet(Wait w) {
        try {
            w.call();
        } catch (Exception e) {
            // a broken barrier or a timeout: answer anyway (the assertions on concurrency will tell)
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (holdD != null) {
            holdD.countDown();
        }
    }

    /** Deploys with update.config holding the site's index at depth 2, scheduled far from now. */
    private void deploy(String updateLine, String... contextParams) throws Exception {
        Path updateConfig = Files.writeString(work.resolve("update.config"), "# URL\\headers\\hour\\interval\\depth\\\n"
                + updateLine + "\n");
        Deployment d = Deployment.cached(origin.url())
                .servlet("stats", StatsServlet.class.getName(), Map.of(), "/edgecache/stats")
                .servlet("update", UpdateServlet.class.getName(), Map.of(), "/edgecache/update")
                .contextParam("proxy.config.update.update_configuration", updateConfig.toString())
                .contextParam("proxy.config.update.enabled", "1")
                .contextParam("proxy.config.update.concurrent_updates", "2")
                .contextParam("proxy.config.update.retry_count", "1")
                .contextParam("proxy.config.update.retry_interval", "0")
                .contextParam("edgecache.update.time-zone", "UTC");
        d.contextParams(contextParams);
        proxy = edge.deploy(d);
    }

    /** An hour twelve hours away, so that the schedule never fires during the test. */
    private static int farHour() {
        return (ZonedDateTime.now(ZoneOffset.UTC).getHour() + 12) % 24;
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return edge.send(method, path);
    }

    private long stat(String name) throws Exception {
        return StatsPage.value(proxy, name);
    }

    private List<String> originPaths() {
        return origin.requests().stream().map(s -> URI.create(s.rawTarget()).getPath()).toList();
    }

    private void awaitRunEnd() {
        await().atMost(Duration.ofSeconds(60)).until(() -> stat("proxy.process.update.run.active") == 0);
    }

    @Test
    void aDepthTwoRunFillsTheCacheWithExactlyTheReachablePagesWithinTheConcurrencyLimit() throws Exception {
        deploy("http://www.company.com/site/index.html\\X-Update: scheduled\\" + farHour() + "\\86400\\2\\");
        holdD = new CountDownLatch(1);
        HttpResponse<String> started = send("POST", "/edgecache/update");
        assertThat(started.statusCode()).isEqualTo(202);
        assertThat(started.body()).isEqualTo("run 1 started\n");

        // while /site/d.html is held at the origin, the run is visibly in progress
        assertThat(dArrived.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(stat("proxy.process.update.run.active")).isEqualTo(1);
        assertThat(stat("proxy.process.update.run.urls_found")).isEqualTo(7);
        assertThat(stat("proxy.process.update.run.in_flight")).isBetween(1L, 2L);
        assertThat(stat("proxy.process.update.run.urls_done")).isBetween(5L, 6L);
        assertThat(stat("proxy.process.update.state_machines")).isBetween(1L, 2L);
        assertThat(send("POST", "/edgecache/update").statusCode()).isEqualTo(409);
        holdD.countDown();
        awaitRunEnd();

        assertThat(stat("proxy.process.update.run.urls_found")).isEqualTo(7);
        assertThat(stat("proxy.process.update.run.urls_done")).isEqualTo(7);
        assertThat(stat("proxy.process.update.run.urls_failed")).isZero();
        assertThat(stat("proxy.process.update.run.in_flight")).isZero();
        assertThat(stat("proxy.process.update.successes")).isEqualTo(7);
        assertThat(originPaths()).containsExactlyInAnyOrderElementsOf(REACHABLE);
        assertThat(maxInFlight).hasValue(2);
        assertThat(origin.requests()).allSatisfy(s -> {
            assertThat(s.header("X-Update")).isEqualTo("scheduled");
            assertThat(s.header("Cache-Control")).isEqualTo("max-age=0");
        });

        // exactly those pages are in the cache now: served without the origin
        assertThat(stat("proxy.process.cache.direntries.used")).isEqualTo(7);
        for (String path : REACHABLE) {
            HttpResponse<String> r = send("GET", path);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Cache-Status").orElse("")).as(path).startsWith("edgecache; hit");
        }
        assertThat(origin.count()).isEqualTo(7);
        assertThat(send("GET", "/site/e.html").headers().firstValue("Cache-Status").orElse(""))
                .contains("fwd=uri-miss");

        // a second run revalidates every page (they are fresh, but an update asks the origin)
        holdD = null;
        assertThat(send("POST", "/edgecache/update").body()).isEqualTo("run 2 started\n");
        awaitRunEnd();
        List<TestOrigin.Seen> second = origin.requests().subList(8, origin.count());
        assertThat(second).extracting(s -> URI.create(s.rawTarget()).getPath())
                .containsExactlyInAnyOrderElementsOf(REACHABLE);
        assertThat(second).allSatisfy(s -> assertThat(s.header("If-None-Match")).isNotNull());
        assertThat(stat("proxy.process.http.cache_hit_revalidated")).isEqualTo(7);
        assertThat(maxInFlight).hasValue(2);
    }

    @Test
    void forceUpdatesTheListedUrlsContinuallyUntilCleared() throws Exception {
        deploy("http://www.company.com/site/d.html\\\\" + farHour() + "\\86400\\0\\",
                "proxy.config.update.force", "1", "edgecache.update.check-interval", "50");
        // the first request tells the cache its own URL; forced runs follow one another from then on
        assertThat(send("GET", "/edgecache/update").body()).contains("proxy.config.update.force 1");
        await().atMost(Duration.ofSeconds(30)).until(() -> origin.count() >= 3);
        assertThat(send("POST", "/edgecache/update?force=0").statusCode()).isEqualTo(200);
        awaitRunEnd();
        HttpResponse<String> state = send("GET", "/edgecache/update");
        assertThat(state.body()).contains("proxy.config.update.force 0").contains("run.active 0");
        assertThat(originPaths()).allMatch(p -> p.equals("/site/d.html"));
    }

    @Test
    void theUpdateEndpointAnswersOnlyAllowedClients() throws Exception {
        deploy("http://www.company.com/site/d.html\\\\" + farHour() + "\\86400\\0\\");
        RawHttp.Response refused = RawHttp.sendFrom(InetAddress.getByName("127.0.0.2"), proxy,
                "POST /edgecache/update HTTP/1.0\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(send("GET", "/edgecache/update").body()).contains("run.number 0");
        assertThat(origin.count()).isZero();
    }
}
