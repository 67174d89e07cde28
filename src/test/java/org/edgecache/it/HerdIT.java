package org.edgecache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The thundering herd: collapsed forwarding, read-while-writer, open read retry, background fill and
 * max_doc_size, through each container against a real origin that counts its requests.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"jetty", "tomcat"})
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HerdIT {
    private static final long TEN_MIB = 10L * 1024 * 1024;
    private static final long ORIGIN_DELAY_MS = 1000;
    private static final long COLLAPSE_DELAY_MS = 500;

    @Parameter
    String containerName;

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(8)).build();
    private final ExecutorService clients = Executors.newFixedThreadPool(200);
    private Edge edge;
    private TestOrigin origin;
    private URI proxy;

    @BeforeEach
    void edge() {
        edge = new Edge(containerName, work);
    }

    @AfterEach
    void stop() throws Exception {
        clients.shutdownNow();
        edge.close();
    }

    private URI deploy(Deployment d) throws Exception {
        proxy = edge.deploy(d);
        return proxy;
    }

    private static Deployment collapsed(String originUrl) {
        return Deployment.cached(originUrl).filter("collapse", "org.edgecache.web.CollapsedForwardingFilter",
                Map.of("delay", Long.toString(COLLAPSE_DELAY_MS), "retries", "5"), "/*");
    }

    /** An origin path that waits a second, then sends a 10 MiB pattern body with the given Cache-Control. */
    private void slowObject(String path, String cacheControl) {
        origin.on(path, ex -> {
            try {
                Thread.sleep(ORIGIN_DELAY_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.getResponseHeaders().add("Cache-Control", cacheControl);
            ex.sendResponseHeaders(200, TEN_MIB);
            try (OutputStream out = ex.getResponseBody()) {
                Pattern.write(out, 0, TEN_MIB);
            }
        });
    }

    /** What one client of the herd saw: time to the response head, and the verified body length. */
    private record Seen(long headMillis, long bytes) {
    }

    private List<Seen> herd(URI proxy, String path, int n) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Seen>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            results.add(clients.submit(() -> {
                start.await();
                long t0 = System.nanoTime();
                HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(proxy.resolve(path)).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                long head = Duration.ofNanos(System.nanoTime() - t0).toMillis();
                assertThat(r.statusCode()).isEqualTo(200);
                try (InputStream in = r.body()) {
                    return new Seen(head, Pattern.verify(in, 0));
                }
            }));
        }
        start.countDown();
        List<Seen> seen = new ArrayList<>();
        for (Future<Seen> f : results) {
            seen.add(f.get(90, TimeUnit.SECONDS));
        }
        return seen;
    }

    @Test
    void aHerdOf200OnAColdObjectReachesTheOriginOnce() throws Exception {
        origin = edge.origin();
        slowObject("/popular", "max-age=600");
        URI proxy = deploy(collapsed(origin.url()));
        List<Seen> seen = herd(proxy, "/popular", 200);
        assertThat(origin.count()).isEqualTo(1);
        assertThat(seen).allSatisfy(s -> assertThat(s.bytes()).isEqualTo(TEN_MIB));
        long slowest = seen.stream().mapToLong(Seen::headMillis).max().orElseThrow();
        // the origin's second, plus the leader's transfer into the store, plus one delay, plus slack for setting up
        // 200 connections and threads on a 2-core machine (measured 1.7-4.2 s under load; a waiter that timed out
        // would also reach the origin, which the count above rules out)
        assertThat(slowest).isLessThan(ORIGIN_DELAY_MS + COLLAPSE_DELAY_MS + 4000);
    }

    @Test
    void aHerdOnAnUncacheableObjectGetsCorrectAnswersPromptly() throws Exception {
        origin = edge.origin();
        slowObject("/private", "no-store");
        URI proxy = deploy(collapsed(origin.url()));
        List<Seen> seen = herd(proxy, "/private", 50);
        assertThat(seen).allSatisfy(s -> assertThat(s.bytes()).isEqualTo(TEN_MIB));
        assertThat(origin.count()).isEqualTo(50);
        long slowest = seen.stream().mapToLong(Seen::headMillis).max().orElseThrow();
        // waiters learn "not stored" from the leader's head and then ask the origin themselves: two origin times
        assertThat(slowest).isLessThan(2 * ORIGIN_DELAY_MS + COLLAPSE_DELAY_MS + 4000);
    }

    @Test
    void aHerdOnAKeyKnownToBeUncacheableDoesNotWait() throws Exception {
        origin = edge.origin();
        slowObject("/private", "no-store");
        URI proxy = deploy(collapsed(origin.url())
                .servlet("stats", "org.edgecache.web.StatsServlet", Map.of(), "/edgecache/stats"));
        assertThat(herd(proxy, "/private", 1)).allSatisfy(s -> assertThat(s.bytes()).isEqualTo(TEN_MIB));
        List<Seen> seen = herd(proxy, "/private", 30);
        assertThat(seen).allSatisfy(s -> assertThat(s.bytes()).isEqualTo(TEN_MIB));
        assertThat(origin.count()).isEqualTo(31);
        // the first response said no-store: nobody waited on anybody's fetch (every one that found a fetch of the
        // key under way went on at once)
        assertThat(stat("edgecache.collapsed_forwarding.waits")).isZero();
        assertThat(stat("edgecache.collapsed_forwarding.passed_uncacheable")).isPositive();
    }

    @Test
    void aKeyRememberedAsUncacheableIsStoredWhenItsResponseMayBe() throws Exception {
        origin = edge.origin();
        java.util.concurrent.atomic.AtomicReference<String> cc = new java.util.concurrent.atomic.AtomicReference<>("no-store");
        origin.on("/turns", ex -> {
            ex.getResponseHeaders().add("Cache-Control", cc.get());
            ex.sendResponseHeaders(200, 1000);
            try (OutputStream out = ex.getResponseBody()) {
                Pattern.write(out, 0, 1000);
            }
        });
        URI proxy = deploy(collapsed(origin.url())
                .servlet("stats", "org.edgecache.web.StatsServlet", Map.of(), "/edgecache/stats"));
        herd(proxy, "/turns", 1);
        cc.set("max-age=600");
        herd(proxy, "/turns", 1);
        herd(proxy, "/turns", 1);
        assertThat(origin.count()).isEqualTo(2);
        assertThat(stat("proxy.process.http.cache_hit_fresh")).isEqualTo(1);
    }

    private long stat(String name) throws Exception {
        return StatsPage.value(proxy, name);
    }

    @Test
    void revalidationsOfAStaleObjectCollapseToOne() throws Exception {
        origin = edge.origin();
        origin.on("/stale", ex -> {
            if (ex.getRequestHeaders().getFirst("If-None-Match") != null) {
                try {
                    Thread.sleep(ORIGIN_DELAY_MS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                TestOrigin.respond(ex, 304, "", "ETag", "\"s\"", "Cache-Control", "max-age=600");
                return;
            }
            ex.getResponseHeaders().add("Cache-Control", "max-age=0");
            ex.getResponseHeaders().add("ETag", "\"s\"");
            ex.sendResponseHeaders(200, TEN_MIB);
            try (OutputStream out = ex.getResponseBody()) {
                Pattern.write(out, 0, TEN_MIB);
            }
        });
        URI proxy = deploy(collapsed(origin.url()));
        herd(proxy, "/stale", 1);
        List<Seen> seen = herd(proxy, "/stale", 50);
        assertThat(seen).allSatisfy(s -> assertThat(s.bytes()).isEqualTo(TEN_MIB));
        assertThat(origin.count()).isEqualTo(2);
        assertThat(origin.last().header("If-None-Match")).isEqualTo("\"s\"");
    }

    @Test
    void readWhileWriterStreamsAnObjectBeforeItIsComplete() throws Exception {
        origin = edge.origin();
        CountDownLatch release = new CountDownLatch(1);
        long size = 4L * 1024 * 1024;
        long firstPart = 3L * 1024 * 1024;
        origin.on("/growing", ex -> {
            ex.getResponseHeaders().add("Cache-Control", "max-age=600");
            ex.sendResponseHeaders(200, size);
            OutputStream out = ex.getResponseBody();
            Pattern.write(out, 0, firstPart);
            out.flush();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Pattern.write(out, firstPart, size - firstPart);
            out.close();
        });
        URI proxy = deploy(Deployment.cached(origin.url())
                .contextParam("proxy.config.cache.enable_read_while_writer", "1"));
        // the leader's head has arrived: the proxy decided to store the object and is writing it
        HttpResponse<InputStream> leaderResponse = http.send(
                HttpRequest.newBuilder(proxy.resolve("/growing")).build(), HttpResponse.BodyHandlers.ofInputStream());
        Future<Long> leader = clients.submit(() -> {
            try (InputStream in = leaderResponse.body()) {
                return Pattern.verify(in, 0);
            }
        });
        // a second reader attaches to the object being written and gets its first two MiB while the origin waits
        HttpResponse<InputStream> follower = http.send(HttpRequest.newBuilder(proxy.resolve("/growing")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(follower.headers().firstValue("Cache-Status").orElse("")).contains("read-while-writer");
        try (InputStream in = follower.body()) {
            byte[] early = in.readNBytes(2 * 1024 * 1024);
            assertThat(early).isEqualTo(Pattern.bytes(0, early.length));
            assertThat(release.getCount()).isEqualTo(1);
            release.countDown();
            assertThat(Pattern.verify(in, early.length)).isEqualTo(size - early.length);
        }
        assertThat(leader.get(30, TimeUnit.SECONDS)).isEqualTo(size);
        assertThat(origin.count()).isEqualTo(1);
    }

    @Test
    void openReadRetryWaitsForTheObjectBeingFetched() throws Exception {
        origin = edge.origin();
        slowObject("/retry", "max-age=600");
        URI proxy = deploy(Deployment.cached(origin.url())
                .contextParam("proxy.config.http.cache.max_open_read_retries", "100")
                .contextParam("proxy.config.http.cache.open_read_retry_time", "50"));
        Future<List<Seen>> first = clients.submit(() -> herd(proxy, "/retry", 1));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> origin.count() == 1);
        List<Seen> later = herd(proxy, "/retry", 10);
        assertThat(first.get(30, TimeUnit.SECONDS)).allSatisfy(s -> assertThat(s.bytes()).isEqualTo(TEN_MIB));
        assertThat(later).allSatisfy(s -> assertThat(s.bytes()).isEqualTo(TEN_MIB));
        assertThat(origin.count()).isEqualTo(1);
    }

    @Test
    void withoutCollapsingOrRetriesAColdHerdGoesToTheOriginEachTime() throws Exception {
        origin = edge.origin();
        slowObject("/cold", "max-age=600");
        URI proxy = deploy(Deployment.cached(origin.url()));
        herd(proxy, "/cold", 5);
        assertThat(origin.count()).isEqualTo(5);
    }

    @Test
    void theFillGoesOnWhenTheClientLeaves() throws Exception {
        origin = edge.origin();
        slowObject("/abandoned", "max-age=600");
        URI proxy = deploy(Deployment.cached(origin.url()));
        try (Socket s = new Socket(proxy.getHost(), proxy.getPort())) {
            s.getOutputStream().write("GET /abandoned HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            byte[] buf = new byte[64 * 1024];
            long read = 0;
            while (read < 1024 * 1024) {
                int n = in.read(buf);
                assertThat(n).isPositive();
                read += n;
            }
            s.setSoLinger(true, 0);
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> onlyIfCached(proxy, "/abandoned") == 200);
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(proxy.resolve("/abandoned")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            assertThat(Pattern.verify(in, 0)).isEqualTo(TEN_MIB);
        }
        assertThat(origin.count()).isEqualTo(1);
    }

    @Test
    void maxDocSizeBoundsWhatIsStored() throws Exception {
        origin = edge.origin();
        slowObject("/big", "max-age=600");
        origin.on("/small", ex -> TestOrigin.respond(ex, 200, "small", "Cache-Control", "max-age=600"));
        URI proxy = deploy(Deployment.cached(origin.url())
                .contextParam("proxy.config.cache.max_doc_size", Long.toString(1024 * 1024)));
        herd(proxy, "/big", 1);
        herd(proxy, "/big", 1);
        http.send(HttpRequest.newBuilder(proxy.resolve("/small")).build(), HttpResponse.BodyHandlers.ofString());
        http.send(HttpRequest.newBuilder(proxy.resolve("/small")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(origin.requests()).filteredOn(r -> r.rawTarget().equals("/big")).hasSize(2);
        assertThat(origin.requests()).filteredOn(r -> r.rawTarget().equals("/small")).hasSize(1);
    }

    @Test
    void staleWhileRevalidateServesTheStoredCopyAndRevalidatesBehindIt() throws Exception {
        origin = edge.origin();
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        origin.on("/swr", ex -> TestOrigin.respond(ex, 200, "version " + n.incrementAndGet(),
                "Cache-Control", "max-age=0, stale-while-revalidate=600", "ETag", "\"v" + n.get() + "\""));
        URI proxy = deploy(Deployment.cached(origin.url()));
        assertThat(text(proxy, "/swr")).isEqualTo("version 1");
        HttpResponse<String> stale = http.send(HttpRequest.newBuilder(proxy.resolve("/swr")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stale.body()).isEqualTo("version 1");
        assertThat(stale.headers().firstValue("Cache-Status").orElse("")).startsWith("edgecache; hit");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> origin.count() == 2);
        assertThat(origin.last().header("If-None-Match")).isEqualTo("\"v1\"");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> text(proxy, "/swr").equals("version 2"));
    }

    @Test
    void fuzzyRevalidationRefreshesAFreshObjectBeforeItExpires() throws Exception {
        origin = edge.origin();
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        origin.on("/fuzz", ex -> TestOrigin.respond(ex, 200, "version " + n.incrementAndGet(),
                "Cache-Control", "max-age=100"));
        URI proxy = deploy(Deployment.cached(origin.url())
                .contextParam("proxy.config.http.cache.fuzz.probability", "1.0"));
        assertThat(text(proxy, "/fuzz")).isEqualTo("version 1");
        assertThat(text(proxy, "/fuzz")).isEqualTo("version 1");
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> origin.count() == 2);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> text(proxy, "/fuzz").equals("version 2"));
    }

    @Test
    void withoutFuzzAFreshObjectIsNotRevalidated() throws Exception {
        origin = edge.origin();
        origin.on("/calm", ex -> TestOrigin.respond(ex, 200, "calm", "Cache-Control", "max-age=100"));
        URI proxy = deploy(Deployment.cached(origin.url()));
        for (int i = 0; i < 5; i++) {
            assertThat(text(proxy, "/calm")).isEqualTo("calm");
        }
        assertThat(origin.count()).isEqualTo(1);
    }

    @Test
    void staleIfErrorServesTheStoredCopyWhenTheOriginAnswers5xx() throws Exception {
        origin = edge.origin();
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        origin.on("/sie", ex -> {
            if (n.incrementAndGet() == 1) {
                TestOrigin.respond(ex, 200, "good", "Cache-Control", "max-age=0, stale-if-error=600");
            } else {
                TestOrigin.respond(ex, 503, "down");
            }
        });
        URI proxy = deploy(Deployment.cached(origin.url()));
        assertThat(text(proxy, "/sie")).isEqualTo("good");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(proxy.resolve("/sie")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("good");
        assertThat(origin.count()).isEqualTo(2);
    }

    private String text(URI proxy, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(proxy.resolve(path)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private int onlyIfCached(URI proxy, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(proxy.resolve(path)).header("Cache-Control", "only-if-cached")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
