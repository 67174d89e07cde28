package org.edgecache.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cache, black-box, through each container against a real origin that counts its requests (OkHttp's CacheTest
 * is the model). Staleness comes from max-age=0 and Age, never from waiting.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"jetty", "tomcat"})
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CacheFilterIT extends EdgeFixture {
    private TestOrigin origin;
    private URI proxy;

    @BeforeEach
    void start() throws Exception {
        origin = edge.origin();
        proxy = edge.deploy(Deployment.cached(origin.url()));
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        return edge.get(path, headers);
    }

    private HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        return edge.send(method, path, headers);
    }

    /** An origin path answering 200 with a body naming how many times it was asked, and the given headers. */
    private AtomicInteger serve(String path, String... headers) {
        AtomicInteger n = new AtomicInteger();
        origin.on(path, ex -> TestOrigin.respond(ex, 200, "body " + n.incrementAndGet(), headers));
        return n;
    }

    private static String cacheStatus(HttpResponse<?> r) {
        return r.headers().firstValue("Cache-Status").orElse("");
    }

    @Test
    void aFreshResponseIsServedFromTheStoreWithAge() throws Exception {
        serve("/fresh", "Cache-Control", "max-age=60", "Age", "30");
        HttpResponse<String> first = get("/fresh");
        HttpResponse<String> second = get("/fresh");
        assertThat(first.body()).isEqualTo("body 1");
        assertThat(cacheStatus(first)).contains("fwd=uri-miss").contains("stored");
        assertThat(second.body()).isEqualTo("body 1");
        assertThat(cacheStatus(second)).startsWith("edgecache; hit");
        assertThat(Long.parseLong(second.headers().firstValue("Age").orElseThrow())).isGreaterThanOrEqualTo(30);
        assertThat(origin.count()).isEqualTo(1);
    }

    @Test
    void aLargeObjectIsStoredInChunksAndServedByteForByte() throws Exception {
        long size = 5L * 1024 * 1024 + 123;
        origin.on("/large", ex -> {
            ex.getResponseHeaders().add("Cache-Control", "max-age=600");
            ex.sendResponseHeaders(200, size);
            try (OutputStream out = ex.getResponseBody()) {
                Pattern.write(out, 0, size);
            }
        });
        for (int i = 0; i < 2; i++) {
            HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(proxy.resolve("/large")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                assertThat(Pattern.verify(in, 0)).isEqualTo(size);
            }
        }
        assertThat(origin.count()).isEqualTo(1);
        HttpResponse<byte[]> range = http.send(HttpRequest.newBuilder(proxy.resolve("/large"))
                .header("Range", "bytes=1048570-1048589").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(Pattern.bytes(1048570, 20));
        assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes 1048570-1048589/" + size);
        assertThat(origin.count()).isEqualTo(1);
    }

    @Test
    void noStoreAndPrivateResponsesAreNotStored() throws Exception {
        serve("/nostore", "Cache-Control", "no-store, max-age=60");
        serve("/private", "Cache-Control", "private, max-age=60");
        get("/nostore");
        get("/private");
        assertThat(get("/nostore").body()).isEqualTo("body 2");
        assertThat(get("/private").body()).isEqualTo("body 2");
        assertThat(origin.count()).isEqualTo(4);
    }

    @Test
    void aNoCacheResponseIsStoredAndRevalidatedEveryTime() throws Exception {
        AtomicInteger n = new AtomicInteger();
        origin.on("/nc", ex -> {
            if ("\"v1\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                TestOrigin.respond(ex, 304, "", "ETag", "\"v1\"", "Cache-Control", "no-cache");
            } else {
                TestOrigin.respond(ex, 200, "stored body " + n.incrementAndGet(), "ETag", "\"v1\"",
                        "Cache-Control", "no-cache");
            }
        });
        assertThat(get("/nc").body()).isEqualTo("stored body 1");
        HttpResponse<String> second = get("/nc");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo("stored body 1");
        assertThat(cacheStatus(second)).contains("fwd=stale").contains("fwd-status=304");
        assertThat(origin.count()).isEqualTo(2);
        assertThat(origin.last().header("If-None-Match")).isEqualTo("\"v1\"");
    }

    @Test
    void aStaleResponseThatChangedIsReplaced() throws Exception {
        serve("/changing", "Cache-Control", "max-age=0", "ETag", "\"x\"");
        assertThat(get("/changing").body()).isEqualTo("body 1");
        assertThat(get("/changing").body()).isEqualTo("body 2");
        assertThat(origin.last().header("If-None-Match")).isEqualTo("\"x\"");
        assertThat(get("/changing").body()).isEqualTo("body 3");
    }

    @Test
    void aRevalidationThatCannotReachTheOriginServesStaleWithWarning111() throws Exception {
        serve("/s", "Cache-Control", "max-age=0", "Last-Modified", "Mon, 01 Jan 2024 00:00:00 GMT");
        assertThat(get("/s").body()).isEqualTo("body 1");
        origin.close();
        HttpResponse<String> stale = get("/s");
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo("body 1");
        assertThat(stale.headers().firstValue("Warning")).hasValueSatisfying(w -> assertThat(w).startsWith("111 "));
    }

    @Test
    void mustRevalidateForbidsServingStaleWhenTheOriginIsDown() throws Exception {
        serve("/mr", "Cache-Control", "max-age=0, must-revalidate", "ETag", "\"m\"");
        get("/mr");
        origin.close();
        assertThat(get("/mr").statusCode()).isIn(502, 504);
    }

    @Test
    void requestNoCacheGoesToTheOriginConditionally() throws Exception {
        serve("/r", "Cache-Control", "max-age=60", "ETag", "\"r\"");
        get("/r");
        HttpResponse<String> r = get("/r", "Cache-Control", "no-cache");
        assertThat(origin.count()).isEqualTo(2);
        assertThat(origin.last().header("If-None-Match")).isEqualTo("\"r\"");
        assertThat(r.body()).isEqualTo("body 2");
        get("/r", "Pragma", "no-cache");
        assertThat(origin.count()).isEqualTo(3);
    }

    @Test
    void requestMaxAgeAndMaxStaleAreHonoured() throws Exception {
        serve("/age", "Cache-Control", "max-age=60", "Age", "30");
        get("/age");
        get("/age", "Cache-Control", "max-age=10");
        assertThat(origin.count()).isEqualTo(2);
        serve("/stale", "Cache-Control", "max-age=10", "Age", "20");
        get("/stale");
        assertThat(get("/stale", "Cache-Control", "max-stale=60").body()).isEqualTo("body 1");
        assertThat(origin.count()).isEqualTo(3);
    }

    @Test
    void onlyIfCachedWithNothingStoredIs504() throws Exception {
        serve("/oic", "Cache-Control", "max-age=60");
        assertThat(get("/oic", "Cache-Control", "only-if-cached").statusCode()).isEqualTo(504);
        assertThat(origin.count()).isZero();
        get("/oic");
        assertThat(get("/oic", "Cache-Control", "only-if-cached").statusCode()).isEqualTo(200);
        assertThat(origin.count()).isEqualTo(1);
    }

    @Test
    void clientConditionalsAreAnsweredFromTheStore() throws Exception {
        serve("/c", "Cache-Control", "max-age=60", "ETag", "\"c1\"", "Last-Modified", "Mon, 01 Jan 2024 00:00:00 GMT");
        get("/c");
        HttpResponse<String> notModified = get("/c", "If-None-Match", "W/\"c1\"");
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.headers().firstValue("ETag")).hasValue("\"c1\"");
        assertThat(get("/c", "If-Modified-Since", "Tue, 02 Jan 2024 00:00:00 GMT").statusCode()).isEqualTo(304);
        assertThat(get("/c", "If-Match", "\"other\"").statusCode()).isEqualTo(412);
        assertThat(get("/c", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
        assertThat(origin.count()).isEqualTo(1);
    }

    @Test
    void rangesAreAnsweredFromAStoredFullObject() throws Exception {
        origin.on("/r", ex -> TestOrigin.respond(ex, 200, "0123456789abcdefghij", "Cache-Control", "max-age=60",
                "ETag", "\"r\"", "Content-Type", "text/plain"));
        get("/r");
        HttpResponse<String> one = get("/r", "Range", "bytes=2-5");
        assertThat(one.statusCode()).isEqualTo(206);
        assertThat(one.body()).isEqualTo("2345");
        assertThat(one.headers().firstValue("Content-Range")).hasValue("bytes 2-5/20");
        HttpResponse<String> suffix = get("/r", "Range", "bytes=-3");
        assertThat(suffix.body()).isEqualTo("hij");
        HttpResponse<String> multi = get("/r", "Range", "bytes=0-1,18-");
        assertThat(multi.statusCode()).isEqualTo(206);
        assertThat(multi.headers().firstValue("Content-Type").orElseThrow()).startsWith("multipart/byteranges; boundary=");
        assertThat(multi.body()).contains("Content-Range: bytes 0-1/20\r\n\r\n01\r\n")
                .contains("Content-Range: bytes 18-19/20\r\n\r\nij\r\n");
        HttpResponse<String> unsatisfiable = get("/r", "Range", "bytes=50-60");
        assertThat(unsatisfiable.statusCode()).isEqualTo(416);
        assertThat(unsatisfiable.headers().firstValue("Content-Range")).hasValue("bytes */20");
        assertThat(get("/r", "Range", "bytes=2-5", "If-Range", "\"r\"").statusCode()).isEqualTo(206);
        HttpResponse<String> changed = get("/r", "Range", "bytes=2-5", "If-Range", "\"other\"");
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).isEqualTo("0123456789abcdefghij");
        assertThat(get("/r", "Range", "items=1-2").statusCode()).isEqualTo(200);
        assertThat(origin.count()).isEqualTo(1);
    }

    @Test
    void aRangeRequestThatMissesIsForwardedAndThePartialIsNotStored() throws Exception {
        origin.on("/p", ex -> {
            String range = ex.getRequestHeaders().getFirst("Range");
            if (range != null) {
                TestOrigin.respond(ex, 206, "2345", "Content-Range", "bytes 2-5/20", "Cache-Control", "max-age=60");
            } else {
                TestOrigin.respond(ex, 200, "0123456789abcdefghij", "Cache-Control", "max-age=60");
            }
        });
        HttpResponse<String> partial = get("/p", "Range", "bytes=2-5");
        assertThat(partial.statusCode()).isEqualTo(206);
        assertThat(origin.last().header("Range")).isEqualTo("bytes=2-5");
        HttpResponse<String> full = get("/p");
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(full.body()).isEqualTo("0123456789abcdefghij");
        assertThat(origin.count()).isEqualTo(2);
    }

    @Test
    void alternatesAreSelectedByVary() throws Exception {
        AtomicInteger n = new AtomicInteger();
        origin.on("/v", ex -> TestOrigin.respond(ex, 200,
                ex.getRequestHeaders().getFirst("Accept-Language") + " " + n.incrementAndGet(),
                "Cache-Control", "max-age=60", "Vary", "Accept-Language"));
        assertThat(get("/v", "Accept-Language", "en").body()).isEqualTo("en 1");
        assertThat(get("/v", "Accept-Language", "fr").body()).isEqualTo("fr 2");
        assertThat(get("/v", "Accept-Language", "en").body()).isEqualTo("en 1");
        assertThat(get("/v", "Accept-Language", "fr").body()).isEqualTo("fr 2");
        assertThat(origin.count()).isEqualTo(2);
    }

    @Test
    void varyStarIsNeverServedFromTheStore() throws Exception {
        serve("/star", "Cache-Control", "max-age=60", "Vary", "*");
        get("/star");
        assertThat(get("/star").body()).isEqualTo("body 2");
    }

    @Test
    void headIsAnsweredFromAStoredGet() throws Exception {
        serve("/h", "Cache-Control", "max-age=60");
        get("/h");
        HttpResponse<String> head = send("HEAD", "/h");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue("6");
        assertThat(origin.count()).isEqualTo(1);
    }

    @Test
    void unsafeMethodsInvalidateTheStoredObject() throws Exception {
        serve("/u", "Cache-Control", "max-age=60");
        origin.on("/other", ex -> TestOrigin.respond(ex, 200, "other", "Cache-Control", "max-age=60"));
        get("/u");
        get("/other");
        origin.on("/post", ex -> TestOrigin.respond(ex, 201, "created", "Location", "/other"));
        send("POST", "/u");
        int before = origin.count();
        assertThat(get("/u").body()).isNotEqualTo("body 1");
        assertThat(origin.count()).isEqualTo(before + 1);
        send("POST", "/post");
        get("/other");
        assertThat(origin.requests()).filteredOn(s -> s.rawTarget().equals("/other")).hasSize(2);
    }

    @Test
    void anErrorAnswerToAnUnsafeMethodInvalidatesNothing() throws Exception {
        serve("/keep", "Cache-Control", "max-age=60");
        get("/keep");
        origin.on("/keep-fail", ex -> TestOrigin.respond(ex, 500, "no"));
        // the POST goes to a path the origin fails on, then the stored object at /keep must survive its own failed POST
        origin.on("/keep", ex -> {
            if (ex.getRequestMethod().equals("POST")) {
                TestOrigin.respond(ex, 500, "failed");
            } else {
                TestOrigin.respond(ex, 200, "refetched", "Cache-Control", "max-age=60");
            }
        });
        send("POST", "/keep");
        assertThat(get("/keep").body()).isEqualTo("body 1");
    }

    @Test
    void requestsWithAuthorizationAreNotServedFromTheStoreUnlessPublic() throws Exception {
        serve("/auth", "Cache-Control", "max-age=60");
        get("/auth");
        get("/auth", "Authorization", "Basic eDp5");
        assertThat(origin.count()).isEqualTo(2);
        serve("/pub", "Cache-Control", "public, max-age=60");
        get("/pub", "Authorization", "Basic eDp5");
        get("/pub", "Authorization", "Basic eDp5");
        assertThat(origin.requests()).filteredOn(s -> s.rawTarget().equals("/pub")).hasSize(1);
    }

    @Test
    void setCookieResponsesAreNotStoredByDefault() throws Exception {
        serve("/cookie", "Cache-Control", "max-age=60", "Set-Cookie", "a=b");
        get("/cookie");
        assertThat(get("/cookie").body()).isEqualTo("body 2");
    }

    @Test
    void aTruncatedOriginBodyIsNeverStored() throws Exception {
        try (RawOrigin broken = new RawOrigin(out -> {
            out.write(("HTTP/1.1 200 OK\r\nCache-Control: max-age=60\r\nContent-Length: 300000\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(Pattern.bytes(0, 150_000));
        })) {
            edge.undeploy();
            proxy = edge.deploy(Deployment.cached(broken.url()));
            for (int i = 1; i <= 2; i++) {
                try {
                    RawHttp.Response r = RawHttp.exchange(proxy, "GET /t HTTP/1.1", "Host: x", "Connection: keep-alive");
                    assertThat(r.status()).isEqualTo(502);
                } catch (IOException abnormal) {
                    assertThat(abnormal).isNotNull();
                }
                assertThat(broken.connections()).isEqualTo(i);
            }
        }
    }

    @Test
    void theStoreSurvivesACleanRestart() throws Exception {
        serve("/persist", "Cache-Control", "max-age=600");
        assertThat(get("/persist").body()).isEqualTo("body 1");
        edge.undeploy();
        proxy = edge.deploy(Deployment.cached(origin.url()));
        HttpResponse<String> after = get("/persist");
        assertThat(after.body()).isEqualTo("body 1");
        assertThat(cacheStatus(after)).startsWith("edgecache; hit");
        assertThat(origin.count()).isEqualTo(1);
    }

    @Test
    void statisticsCountLookupsHitsAndMisses() throws Exception {
        edge.undeploy();
        proxy = edge.deploy(Deployment.cached(origin.url())
                .servlet("stats", "org.edgecache.web.StatsServlet", java.util.Map.of(), "/edgecache/stats"));
        serve("/counted", "Cache-Control", "max-age=60");
        get("/counted");
        get("/counted");
        String stats = get("/edgecache/stats").body();
        assertThat(stats).contains("proxy.process.http.cache_lookups 2\n")
                .contains("proxy.process.http.cache_hit_fresh 1\n")
                .contains("proxy.process.http.cache_miss_cold 1\n")
                .contains("proxy.process.http.cache_writes 1\n");
        assertThat(origin.requests()).extracting(TestOrigin.Seen::rawTarget).containsExactly("/counted");
    }

    @Test
    void unknownRequestDirectivesAreIgnored() throws Exception {
        serve("/unk", "Cache-Control", "max-age=60");
        get("/unk", "Cache-Control", "nothing-to-see-here", "Pragma", "foo");
        assertThat(get("/unk", "Cache-Control", "nothing-to-see-here", "Pragma", "foo").body()).isEqualTo("body 1");
        assertThat(origin.count()).isEqualTo(1);
    }

    @Test
    void malformedHeadersGetRfcBehaviourAndNeverAnErrorPage() throws Exception {
        serve("/bad-dates", "Cache-Control", "max-age=60", "Date", "garbage", "Expires", "not a date",
                "Last-Modified", "yesterday");
        serve("/conflicting", "Cache-Control", "max-age=60, max-age=10", "Expires", "0");
        serve("/quoted", "Cache-Control", "max-age=\"60\", s-maxage=-1, no-cache=\"");
        assertThat(get("/bad-dates").statusCode()).isEqualTo(200);
        HttpResponse<String> again = get("/bad-dates");
        assertThat(again.body()).isEqualTo("body 1");
        for (String path : List.of("/conflicting", "/quoted")) {
            for (int i = 0; i < 2; i++) {
                assertThat(get(path).statusCode()).as(path).isEqualTo(200);
            }
        }
        // conflicting max-age values make the response stale: it is not reused without asking the origin
        assertThat(origin.requests()).filteredOn(r -> r.rawTarget().equals("/conflicting")).hasSize(2);
        // request fields that cannot be parsed are ignored: the stored response answers
        for (String[] header : List.of(new String[] {"If-Modified-Since", "garbage"},
                new String[] {"If-None-Match", "not-quoted"}, new String[] {"Range", "bytes=abc"},
                new String[] {"If-Range", "W/\"weak\""})) {
            HttpResponse<String> r = get("/bad-dates", header);
            assertThat(r.statusCode()).as(header[0] + ": " + header[1]).isEqualTo(200);
            assertThat(r.body()).isEqualTo("body 1");
        }
        // an invalid request max-age is taken as the most restrictive value: the cache asks the origin again
        HttpResponse<String> r = get("/bad-dates", "Cache-Control", "max-age=\"x\", max-stale=-1, min-fresh");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("body 2");
    }

    @Test
    void chunksEvictedUnderAStoredObjectNeverYieldWrongBytes() throws Exception {
        edge.undeploy();
        // a heap-only store holding 8 chunks of 64 KiB: five 6-chunk objects evict each other's chunks
        proxy = edge.deploy(Deployment.cached(origin.url())
                .contextParam("edgecache.store.directory", "none")
                .contextParam("edgecache.store.chunk-size", "64k")
                .contextParam("edgecache.store.chunk-heap-entries", "8")
                .servlet("stats", "org.edgecache.web.StatsServlet", java.util.Map.of(), "/edgecache/stats"));
        long size = 6L * (64 * 1024 - 256) - 100;
        origin.on("/evict/", ex -> {
            ex.getResponseHeaders().add("Cache-Control", "max-age=600");
            ex.sendResponseHeaders(200, size);
            try (OutputStream out = ex.getResponseBody()) {
                Pattern.write(out, 0, size);
            }
        });
        int complete = 0;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 5; i++) {
                HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(proxy.resolve("/evict/" + i)).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = r.body()) {
                    assertThat(Pattern.verify(in, 0)).isEqualTo(size);
                    complete++;
                } catch (IOException abnormalEnd) {
                    assertThat(abnormalEnd.getMessage()).doesNotContain("wrong byte");
                }
            }
        }
        assertThat(complete).isPositive();
        String stats = get("/edgecache/stats").body();
        assertThat(stats).containsPattern("proxy.process.http.cache_read_errors [1-9]");
    }

    @SuppressWarnings("unused")
    private static List<String> names(HttpResponse<?> r) {
        return List.copyOf(r.headers().map().keySet());
    }
}
