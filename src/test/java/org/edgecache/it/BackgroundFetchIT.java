package org.edgecache.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.awaitility.Awaitility;
import org.edgecache.web.BackgroundFetchFilter;
import org.edgecache.web.RangeCacheKeyFilter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * background_fetch (seed 000; ATS behaviour §1), black-box through each container: client → BackgroundFetchFilter
 * → (RangeCacheKeyFilter) → CacheFilter → OriginProxyServlet → a real origin serving ranges of {@link Pattern}
 * objects and counting its requests per Range value. Waits are on a condition (Awaitility), never a sleep.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"jetty", "tomcat"})
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BackgroundFetchIT extends EdgeFixture {
    private static final long SIZE = 1000;
    private static final String[] CACHEABLE = {"Cache-Control", "max-age=3600", "ETag", "\"v1\""};
    private static final String LOG_NAME = "edgecache.it.background_fetch";

    private TestOrigin origin;
    private PatternRanges object;
    private URI proxy;

    @BeforeEach
    void startOrigin() throws Exception {
        origin = edge.origin();
        object = new PatternRanges(SIZE, CACHEABLE);
        origin.on("/obj", object);
    }

    /** background_fetch with the init-params on /*, optionally cache_range_requests, the cache, the stats page. */
    private void deploy(Map<String, String> init, boolean crr, String... contextParams) throws Exception {
        Deployment d = Deployment.proxyTo(origin.url())
                .filter("bgfetch", BackgroundFetchFilter.class.getName(), init, "/*");
        if (crr) {
            d.filter("crr", RangeCacheKeyFilter.class.getName(), Map.of(), "/*");
        }
        d.filter("cache", "org.edgecache.web.CacheFilter", Map.of(), "/*")
                .servlet("stats", "org.edgecache.web.StatsServlet", Map.of(), "/edgecache/stats");
        d.contextParams(contextParams);
        proxy = edge.deploy(d);
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(proxy.resolve(path)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void assertPartial(HttpResponse<byte[]> r, long first, long last) {
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes " + first + "-" + last + "/" + SIZE);
        assertThat(r.body()).isEqualTo(Pattern.bytes(first, (int) (last - first + 1)));
    }

    private static void assertHit(HttpResponse<byte[]> r) {
        assertThat(r.headers().firstValue("Cache-Status").orElse("")).startsWith("edgecache; hit");
    }

    private long stat(String name) throws Exception {
        return StatsPage.value(proxy, name);
    }

    /** Waits until this many background fetches have ended with the object in the cache. */
    private void awaitCompleted(long n) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> stat("edgecache.background_fetch.completed") >= n);
    }

    private List<TestOrigin.Seen> fullGets(String path) {
        return origin.requests().stream()
                .filter(s -> s.rawTarget().equals(path) && s.header("Range") == null).toList();
    }

    @Test
    void aColdRangeIsAnswered206AtOnceAndTheWholeObjectThenFillsTheCache() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                log.add(r.getMessage() == null ? "" : java.text.MessageFormat.format(
                        r.getMessage().replace("{}", "{0}"), r.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger jul = Logger.getLogger(LOG_NAME);
        jul.addHandler(capture);
        try {
            deploy(Map.of("log", LOG_NAME), false);
            // a client cannot pass for a background fetch: a forged mark is hidden and changes nothing
            HttpResponse<byte[]> first = get("/obj", "Range", "bytes=10-19", "If-None-Match", "\"other\"",
                    "X-Edgecache-Background-Fetch", "forged", "X-Client", "kept");
            assertPartial(first, 10, 19);
            awaitCompleted(1);
            List<TestOrigin.Seen> full = fullGets("/obj");
            assertThat(full).hasSize(1);
            TestOrigin.Seen replay = full.get(0);
            assertThat(replay.method()).isEqualTo("GET");
            assertThat(replay.header("If-None-Match")).isNull();
            assertThat(replay.header("X-Client")).isEqualTo("kept");
            assertThat(origin.requests()).allSatisfy(s -> assertThat(s.header("X-Edgecache-Background-Fetch")).isNull());

            HttpResponse<byte[]> plain = get("/obj");
            assertThat(plain.statusCode()).isEqualTo(200);
            assertThat(plain.body()).isEqualTo(Pattern.bytes(0, (int) SIZE));
            assertHit(plain);
            HttpResponse<byte[]> other = get("/obj", "Range", "bytes=500-599");
            assertPartial(other, 500, 599);
            assertHit(other);
            assertThat(origin.count()).isEqualTo(2);
            assertThat(stat("edgecache.background_fetch.started")).isEqualTo(1);
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> log.stream().anyMatch(
                    l -> l.matches("\\d+\\.\\d{3} - \\d+ READ_COMP /obj")));
        } finally {
            jul.removeHandler(capture);
        }
    }

    @Test
    void rulesExcludeByHeaderContentLengthAndClientIp() throws Exception {
        for (String p : new String[] {"/a", "/b", "/c", "/d"}) {
            origin.on(p, new PatternRanges(SIZE, CACHEABLE));
        }
        Path rules = Files.writeString(work.resolve("bg.config"), String.join("\n",
                "# the seed's grammar",
                "exclude X-No-Fetch *",
                "exclude Content-Length <50",
                "include X-Force *",
                "exclude Client-IP 127.0.0.0/8",
                ""));
        deploy(Map.of("pparam", "--config=" + rules), false);
        assertPartial(get("/a", "Range", "bytes=0-99", "X-No-Fetch", "1", "X-Force", "1"), 0, 99);
        assertPartial(get("/b", "Range", "bytes=0-9", "X-Force", "1"), 0, 9);
        assertPartial(get("/c", "Range", "bytes=0-99"), 0, 99);
        assertPartial(get("/d", "Range", "bytes=0-99", "X-Force", "1"), 0, 99);
        awaitCompleted(1);
        assertThat(fullGets("/d")).hasSize(1);
        assertThat(stat("edgecache.background_fetch.excluded")).isEqualTo(3);
        assertThat(stat("edgecache.background_fetch.started")).isEqualTo(1);
        for (String p : new String[] {"/a", "/b", "/c"}) {
            assertThat(fullGets(p)).as(p).isEmpty();
        }
    }

    @Test
    void tenConcurrentRangeRequestsForOneColdObjectCauseOneFetch() throws Exception {
        CountDownLatch clientsDone = new CountDownLatch(1);
        origin.on("/slow", ex -> {
            if (ex.getRequestHeaders().getFirst("Range") == null) {
                try {
                    clientsDone.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            object.handle(ex);
        });
        deploy(Map.of(), false);
        List<CompletableFuture<HttpResponse<byte[]>>> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            all.add(http.sendAsync(HttpRequest.newBuilder(proxy.resolve("/slow"))
                    .header("Range", "bytes=" + i * 10 + "-" + (i * 10 + 9)).build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
        }
        for (int i = 0; i < 10; i++) {
            assertPartial(all.get(i).get(30, TimeUnit.SECONDS), i * 10, i * 10 + 9);
        }
        clientsDone.countDown();
        awaitCompleted(1);
        assertThat(fullGets("/slow")).hasSize(1);
        assertThat(stat("edgecache.background_fetch.started")).isEqualTo(1);
        assertThat(stat("edgecache.background_fetch.skipped_in_progress")).isEqualTo(9);
        assertHit(get("/slow"));
    }

    @Test
    void maxConcurrentBoundsTheFetchesAtOnceAndAFreedSlotIsUsedAgain() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        TestOrigin.Handler held = ex -> {
            if (ex.getRequestHeaders().getFirst("Range") == null) {
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            object.handle(ex);
        };
        origin.on("/one", held);
        origin.on("/two", held);
        deploy(Map.of(), false, "edgecache.background-fetch.max-concurrent", "1");
        assertPartial(get("/one", "Range", "bytes=0-9"), 0, 9);
        assertThat(stat("edgecache.background_fetch.active")).isEqualTo(1);
        assertPartial(get("/two", "Range", "bytes=0-9"), 0, 9);
        assertThat(stat("edgecache.background_fetch.skipped_busy")).isEqualTo(1);
        release.countDown();
        awaitCompleted(1);
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> stat("edgecache.background_fetch.active") == 0);
        assertPartial(get("/two", "Range", "bytes=0-9"), 0, 9);
        awaitCompleted(2);
        assertThat(fullGets("/one")).hasSize(1);
        assertThat(fullGets("/two")).hasSize(1);
    }

    @Test
    void withCacheRangeRequestsTheReplayFillsThePlainUrlWithTheWholeObject() throws Exception {
        deploy(Map.of(), true);
        assertPartial(get("/obj", "Range", "bytes=10-19"), 10, 19);
        awaitCompleted(1);
        HttpResponse<byte[]> plain = get("/obj");
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Content-Range")).isEmpty();
        assertThat(plain.body()).isEqualTo(Pattern.bytes(0, (int) SIZE));
        assertHit(plain);
        HttpResponse<byte[]> again = get("/obj", "Range", "bytes=10-19");
        assertPartial(again, 10, 19);
        assertHit(again);
        assertThat(object.requests("none")).isEqualTo(1);
        assertThat(object.requests("bytes=10-19")).isEqualTo(1);
    }

    @Test
    void aFailedOrUncacheableFetchIsCountedAndTheClientNeverSeesIt() throws Exception {
        origin.on("/fails", ex -> {
            if (ex.getRequestHeaders().getFirst("Range") == null) {
                TestOrigin.respond(ex, 503, "down", "Cache-Control", "no-store");
            } else {
                object.handle(ex);
            }
        });
        deploy(Map.of(), false);
        assertPartial(get("/fails", "Range", "bytes=0-9"), 0, 9);
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> stat("edgecache.background_fetch.not_stored") == 1);
        assertThat(stat("edgecache.background_fetch.active")).isZero();
        // the key is free again: the next range request tries once more
        assertPartial(get("/fails", "Range", "bytes=0-9"), 0, 9);
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .until(() -> stat("edgecache.background_fetch.not_stored") == 2);
    }

    /**
     * allow-304: a revalidation answered 304 triggers too, and the replay (itself revalidated with a 304) is known
     * for a background fetch by its mark, so it never triggers another.
     */
    @Test
    void allow304TriggersOnA304AndTheReplayNeverTriggersItself() throws Exception {
        object.headers("Cache-Control", "max-age=0", "ETag", "\"v1\"");
        deploy(Map.of("allow-304", "true"), false);
        assertPartial(get("/obj", "Range", "bytes=0-9"), 0, 9);
        awaitCompleted(1);
        assertPartial(get("/obj", "Range", "bytes=0-9"), 0, 9);
        awaitCompleted(2);
        assertThat(stat("edgecache.background_fetch.started")).isEqualTo(2);
        assertThat(stat("edgecache.background_fetch.skipped_in_progress")).isZero();
        assertThat(origin.requests()).extracting(s -> s.header("If-None-Match"))
                .containsExactly(null, null, "\"v1\"", "\"v1\"");
    }

    @Test
    void badConfigurationFailsTheDeployment() throws Exception {
        Path rules = Files.writeString(work.resolve("bad.config"), "exclude User-Agent *\nexclude Content-Length 1k\n");
        assertThatThrownBy(() -> deploy(Map.of("config", rules.toString()), false)).isInstanceOf(Exception.class);
        edge.undeploy();
        assertThatThrownBy(() -> deploy(Map.of("pparam", "--config=x --bogus"), false))
                .isInstanceOf(Exception.class);
    }
}
