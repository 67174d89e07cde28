package org.edgecache.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.edgecache.http.HttpDates;
import org.edgecache.web.RangeCacheKeyFilter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * cache_range_requests (seed 001; ATS behaviour §2), black-box through each container: client →
 * RangeCacheKeyFilter → (KeyProbeFilter) → CacheFilter → OriginProxyServlet → a real origin that serves ranges of a
 * {@link Pattern} object and counts its requests. Bodies are checked byte for byte.
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"jetty", "tomcat"})
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RangeCacheKeyFilterIT extends EdgeFixture {
    private static final long SIZE = 1000;
    private static final String ETAG = "\"v1\"";
    private static final String LAST_MODIFIED = "Mon, 01 Jan 2024 00:00:00 GMT";

    private TestOrigin origin;
    private PatternRanges object;
    private URI proxy;

    @BeforeEach
    void startOrigin() throws Exception {
        origin = edge.origin();
        object = new PatternRanges(SIZE, "Cache-Control", "max-age=3600", "ETag", ETAG, "Last-Modified",
                LAST_MODIFIED);
        origin.on("/obj", object);
    }

    /** cache_range_requests on the given patterns with the given init-params, the probe below it, the cache on /*. */
    private void deploy(Map<String, String> init, String... patterns) throws Exception {
        deploy(Deployment.proxyTo(origin.url())
                .filter("crr", RangeCacheKeyFilter.class.getName(), init, patterns.length == 0 ? new String[] {"/*"}
                        : patterns)
                .filter("probe", KeyProbeFilter.class.getName(), Map.of(), "/*")
                .filter("cache", "org.edgecache.web.CacheFilter", Map.of(), "/*"));
    }

    private void deploy(Deployment d) throws Exception {
        proxy = edge.deploy(d);
    }

    private static Map<String, String> pparam(String arguments) {
        return Map.of("pparam", arguments);
    }

    private HttpResponse<byte[]> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(proxy.resolve(path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return send("GET", path, headers);
    }

    private HttpResponse<byte[]> range(String range, String... headers) throws Exception {
        String[] all = new String[headers.length + 2];
        all[0] = "Range";
        all[1] = range;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return get("/obj", all);
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    private static void assertPartial(HttpResponse<byte[]> r, long first, long last) {
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(header(r, "Content-Range")).isEqualTo("bytes " + first + "-" + last + "/" + SIZE);
        assertThat(r.body()).isEqualTo(Pattern.bytes(first, (int) (last - first + 1)));
    }

    private String key(String range) {
        return origin.url() + "/obj-" + range;
    }

    // ------------------------------------------------------------------ the key, the swap, the hit

    @Test
    void aRangeIsStoredUnderItsOwnKeyAndAHitIsA206Again() throws Exception {
        deploy(Map.of());
        HttpResponse<byte[]> miss = range("bytes=10-19");
        assertPartial(miss, 10, 19);
        assertThat(header(miss, "Cache-Status")).contains("fwd=uri-miss").contains("fwd-status=200").contains("stored");
        assertThat(header(miss, "X-Cache-Key")).isEqualTo(key("bytes=10-19"));
        assertThat(origin.last().header("Range")).isEqualTo("bytes=10-19");
        HttpResponse<byte[]> hit = range("bytes=10-19");
        assertPartial(hit, 10, 19);
        assertThat(header(hit, "Cache-Status")).startsWith("edgecache; hit");
        assertThat(header(hit, "ETag")).isEqualTo(ETAG);
        assertThat(origin.count()).isEqualTo(1);
    }

    @Test
    void openEndedAndSuffixRangesAreKeyedAsWritten() throws Exception {
        deploy(Map.of());
        for (int i = 0; i < 2; i++) {
            HttpResponse<byte[]> open = range("bytes=100-");
            assertPartial(open, 100, SIZE - 1);
            assertThat(header(open, "X-Cache-Key")).isEqualTo(key("bytes=100-"));
            HttpResponse<byte[]> suffix = range("bytes=-5");
            assertPartial(suffix, SIZE - 5, SIZE - 1);
            assertThat(header(suffix, "X-Cache-Key")).isEqualTo(key("bytes=-5"));
        }
        assertThat(object.requests("bytes=100-")).isEqualTo(1);
        assertThat(object.requests("bytes=-5")).isEqualTo(1);
    }

    @Test
    void onlyTheFirstRangeIsUsedForTheKeyAndTheOrigin() throws Exception {
        deploy(Map.of());
        HttpResponse<byte[]> multi = range("bytes=0-1, 5-6");
        assertPartial(multi, 0, 1);
        assertThat(origin.last().header("Range")).isEqualTo("bytes=0-1");
        assertThat(header(multi, "X-Cache-Key")).isEqualTo(key("bytes=0-1"));
        assertPartial(range("bytes=0-1"), 0, 1);
        assertThat(origin.count()).isEqualTo(1);
    }

    @Test
    void twoRangesAreTwoObjectsAndThePlainUrlIsAThirdWithFullBytes() throws Exception {
        deploy(Map.of());
        assertPartial(range("bytes=0-9"), 0, 9);
        assertPartial(range("bytes=5-14"), 5, 14);
        for (int i = 0; i < 2; i++) {
            HttpResponse<byte[]> full = get("/obj");
            assertThat(full.statusCode()).isEqualTo(200);
            assertThat(full.headers().firstValue("Content-Range")).isEmpty();
            assertThat(full.body()).isEqualTo(Pattern.bytes(0, (int) SIZE));
            assertThat(header(full, "X-Cache-Key")).isNull();
        }
        assertThat(origin.count()).isEqualTo(3);
        assertThat(object.requests("none")).isEqualTo(1);
    }

    /** ATS reference §2.2 ([E15]): the global plugin without arguments poisons the plain URL; this one never does. */
    @Test
    void asAGlobalFilterWithoutArgumentsItNeverStoresAPartialUnderThePlainUrl() throws Exception {
        deploy(Map.of(), "/*");
        assertPartial(range("bytes=10-19"), 10, 19);
        HttpResponse<byte[]> full = get("/obj");
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(full.body()).isEqualTo(Pattern.bytes(0, (int) SIZE));
        assertPartial(range("bytes=20-29"), 20, 29);
        assertThat(origin.count()).isEqualTo(3);
    }

    @Test
    void perRemapItActsOnlyOnItsPatterns() throws Exception {
        origin.on("/plain/obj", object);
        origin.on("/ranged/obj", object);
        deploy(Map.of(), "/ranged/*");
        assertPartial(get("/ranged/obj", "Range", "bytes=1-2"), 1, 2);
        assertPartial(get("/ranged/obj", "Range", "bytes=1-2"), 1, 2);
        HttpResponse<byte[]> plain = get("/plain/obj", "Range", "bytes=1-2");
        assertPartial(plain, 1, 2);
        assertThat(header(plain, "X-Cache-Key")).isNull();
        get("/plain/obj", "Range", "bytes=1-2");
        assertThat(origin.requests()).filteredOn(s -> s.rawTarget().equals("/ranged/obj")).hasSize(1);
        assertThat(origin.requests()).filteredOn(s -> s.rawTarget().equals("/plain/obj")).hasSize(2);
    }

    @Test
    void headIsARangeRequestToo() throws Exception {
        deploy(Map.of());
        assertPartial(range("bytes=3-7"), 3, 7);
        HttpResponse<byte[]> head = send("HEAD", "/obj", "Range", "bytes=3-7");
        assertThat(head.statusCode()).isEqualTo(206);
        assertThat(header(head, "Content-Range")).isEqualTo("bytes 3-7/" + SIZE);
        assertThat(header(head, "Content-Length")).isEqualTo("5");
        assertThat(origin.count()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ what passes through and is not stored

    @Test
    void invalidAndUnsatisfiableRangesPassThroughAndAreNotStored() throws Exception {
        deploy(Map.of());
        for (int i = 0; i < 2; i++) {
            HttpResponse<byte[]> foo = range("foo");
            assertThat(foo.statusCode()).isEqualTo(416);
            assertThat(header(foo, "X-Cache-Key")).isEqualTo(key("foo"));
            assertThat(range("bytes=2000-2100").statusCode()).isEqualTo(416);
        }
        assertThat(object.requests("foo")).isEqualTo(2);
        assertThat(object.requests("bytes=2000-2100")).isEqualTo(2);
    }

    @Test
    void anErrorIsPassedAndNotStoredEvenWhenTheOriginSaysItMayBe() throws Exception {
        origin.on("/gone", ex -> TestOrigin.respond(ex, 404, "gone", "Cache-Control", "max-age=3600"));
        deploy(Map.of());
        for (int i = 0; i < 2; i++) {
            HttpResponse<byte[]> r = get("/gone", "Range", "bytes=0-1");
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("gone");
        }
        assertThat(origin.count()).isEqualTo(2);
    }

    /** ATS [E7], gold run 9: an origin that answers a range with the full 200 is passed on and not stored. */
    @Test
    void anOrigin200ToARangeRequestIsPassedOnAndNotStored() throws Exception {
        object.ignoreRange(true);
        deploy(Map.of());
        for (int i = 0; i < 2; i++) {
            HttpResponse<byte[]> r = range("bytes=0-9");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Range")).isEmpty();
            assertThat(r.body()).isEqualTo(Pattern.bytes(0, (int) SIZE));
        }
        assertThat(origin.count()).isEqualTo(2);
    }

    /** Seed 001 "Caching Complete Responses", remap form {@code @pparam=-r}: the 200 is stored under the range key. */
    @Test
    void cacheCompleteResponsesStoresTheOrigin200UnderTheRangeKey() throws Exception {
        object.ignoreRange(true);
        deploy(pparam("-r"));
        for (int i = 0; i < 2; i++) {
            HttpResponse<byte[]> r = range("bytes=0-9");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Range")).isEmpty();
            assertThat(r.body()).isEqualTo(Pattern.bytes(0, (int) SIZE));
        }
        assertThat(origin.count()).isEqualTo(1);
        assertThat(get("/obj").statusCode()).isEqualTo(200);
        assertThat(origin.count()).isEqualTo(2);
    }

    /** Seed 001 "Object Cacheability", {@code @pparam=--verify-cacheability}: an uncacheable 206 stays a 206. */
    @Test
    void verifyCacheabilityKeeps206ForWhatTheCacheWouldNotStore() throws Exception {
        deploy(pparam("--verify-cacheability"));
        object.headers("Cache-Control", "private, max-age=3600");
        HttpResponse<byte[]> kept = range("bytes=0-9");
        assertPartial(kept, 0, 9);
        assertThat(header(kept, "Cache-Status")).contains("fwd-status=206").doesNotContain("stored");
        assertPartial(range("bytes=0-9"), 0, 9);
        assertThat(object.requests("bytes=0-9")).isEqualTo(2);
        object.headers("Cache-Control", "max-age=3600");
        assertThat(header(range("bytes=0-9"), "Cache-Status")).contains("fwd-status=200").contains("stored");
        assertPartial(range("bytes=0-9"), 0, 9);
        assertThat(object.requests("bytes=0-9")).isEqualTo(3);
    }

    /** Without -v the swap is blind (the cache still refuses to store a private 200, ATS [E11]). */
    @Test
    void withoutVerifyCacheabilityTheSwapIsBlind() throws Exception {
        deploy(Map.of());
        object.headers("Cache-Control", "private, max-age=3600");
        HttpResponse<byte[]> swapped = range("bytes=0-9");
        assertPartial(swapped, 0, 9);
        assertThat(header(swapped, "Cache-Status")).contains("fwd-status=200").doesNotContain("stored");
        assertPartial(range("bytes=0-9"), 0, 9);
        assertThat(object.requests("bytes=0-9")).isEqualTo(2);
    }

    // ------------------------------------------------------------------ conditionals and revalidation

    @Test
    void conditionalRequestsOnAStoredRangeObjectGet304FromTheStore() throws Exception {
        deploy(Map.of());
        range("bytes=0-9");
        HttpResponse<byte[]> inm = range("bytes=0-9", "If-None-Match", ETAG);
        assertThat(inm.statusCode()).isEqualTo(304);
        assertThat(header(inm, "ETag")).isEqualTo(ETAG);
        assertThat(range("bytes=0-9", "If-Modified-Since", LAST_MODIFIED).statusCode()).isEqualTo(304);
        assertThat(range("bytes=0-9", "If-Match", "\"other\"").statusCode()).isEqualTo(412);
        assertPartial(range("bytes=0-9", "If-None-Match", "\"other\""), 0, 9);
        assertThat(origin.count()).isEqualTo(1);
    }

    @Test
    void aStaleRangeObjectServedBecauseTheOriginIsDownIsStillA206() throws Exception {
        object.headers("Cache-Control", "max-age=0", "Last-Modified", LAST_MODIFIED);
        deploy(Map.of());
        assertPartial(range("bytes=0-9"), 0, 9);
        origin.close();
        HttpResponse<byte[]> stale = range("bytes=0-9");
        assertPartial(stale, 0, 9);
        assertThat(header(stale, "Warning")).startsWith("111 ");
    }

    /** ATS [E14], copied and documented: on a hit If-Range is not evaluated (the Range was hidden from the cache). */
    @Test
    void ifRangeIsIgnoredOnAHit() throws Exception {
        deploy(Map.of());
        range("bytes=0-9");
        assertPartial(range("bytes=0-9", "If-Range", "\"other\""), 0, 9);
        assertThat(origin.count()).isEqualTo(1);
    }

    @Test
    void a304OnRevalidationRefreshesTheStoredRangeObject() throws Exception {
        object.headers("Cache-Control", "max-age=0", "ETag", ETAG);
        deploy(Map.of());
        assertPartial(range("bytes=0-9"), 0, 9);
        object.headers("Cache-Control", "max-age=3600", "ETag", ETAG);
        HttpResponse<byte[]> revalidated = range("bytes=0-9");
        assertPartial(revalidated, 0, 9);
        assertThat(header(revalidated, "Cache-Status")).contains("fwd=stale").contains("fwd-status=304");
        assertThat(origin.last().header("Range")).isEqualTo("bytes=0-9");
        assertThat(origin.last().header("If-None-Match")).isEqualTo(ETAG);
        HttpResponse<byte[]> hit = range("bytes=0-9");
        assertPartial(hit, 0, 9);
        assertThat(header(hit, "Cache-Status")).startsWith("edgecache; hit");
        assertThat(origin.count()).isEqualTo(2);
    }

    /** A background revalidation (stale-while-revalidate) of a range object asks the origin for the range too. */
    @Test
    void aBackgroundRevalidationAsksTheOriginForTheRange() throws Exception {
        object.headers("Cache-Control", "max-age=0, stale-while-revalidate=600", "ETag", ETAG);
        deploy(Map.of());
        assertPartial(range("bytes=0-9"), 0, 9);
        HttpResponse<byte[]> stale = range("bytes=0-9");
        assertPartial(stale, 0, 9);
        assertThat(header(stale, "Cache-Status")).startsWith("edgecache; hit");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> origin.count() == 2);
        assertThat(origin.last().header("Range")).isEqualTo("bytes=0-9");
        assertThat(origin.last().header("If-None-Match")).isEqualTo(ETAG);
        assertPartial(range("bytes=0-9"), 0, 9);
        assertThat(object.byRange().keySet()).containsExactly("bytes=0-9");
    }

    /** Seed 001 "X-CRR-IMS header support", {@code @pparam=--consider-ims}, {@code -c}, and a custom header. */
    @Test
    void considerImsRevalidatesAFreshObjectOlderThanTheHeaderDate() throws Exception {
        deploy(pparam("--consider-ims"));
        checkIms("X-Crr-Ims");
    }

    @Test
    void considerImsShortFormAndCustomHeader() throws Exception {
        deploy(pparam("-c -i CrrIms"));
        checkIms("CrrIms");
    }

    private void checkIms(String header) throws Exception {
        assertPartial(range("bytes=0-9"), 0, 9);
        String past = HttpDates.format(Instant.now().minusSeconds(3600));
        String future = HttpDates.format(Instant.now().plusSeconds(100));
        assertPartial(range("bytes=0-9", header, past), 0, 9);
        assertPartial(range("bytes=0-9", header, "not a date"), 0, 9);
        assertThat(origin.count()).isEqualTo(1);
        HttpResponse<byte[]> stale = range("bytes=0-9", header, future);
        assertPartial(stale, 0, 9);
        assertThat(header(stale, "Cache-Status")).contains("fwd=stale").contains("fwd-status=304");
        assertThat(origin.count()).isEqualTo(2);
        TestOrigin.Seen seen = origin.last();
        assertThat(seen.header("Range")).isEqualTo("bytes=0-9");
        assertThat(seen.header("If-None-Match")).isEqualTo(ETAG);
        assertThat(seen.header(header)).isEqualTo(future);
    }

    @Test
    void withoutConsiderImsTheHeaderIsIgnored() throws Exception {
        deploy(Map.of());
        range("bytes=0-9");
        assertPartial(range("bytes=0-9", "X-Crr-Ims", HttpDates.format(Instant.now().plusSeconds(100))), 0, 9);
        assertThat(origin.count()).isEqualTo(1);
    }

    /** ATS ≥ 10.2, gold cache_range_requests_ident: a matching identity makes a stale object fresh, and back. */
    @Test
    void considerIdentFlipsStaleToFreshOnAMatchAndFreshToStaleOnStale() throws Exception {
        object.headers("Cache-Control", "max-age=0", "ETag", ETAG);
        deploy(Map.of("consider-ident", "true"));
        range("bytes=0-9");
        HttpResponse<byte[]> fresh = range("bytes=0-9", "X-Crr-Ident", "Etag " + ETAG);
        assertPartial(fresh, 0, 9);
        assertThat(header(fresh, "Cache-Status")).startsWith("edgecache; hit");
        assertThat(origin.count()).isEqualTo(1);
        range("bytes=0-9", "X-Crr-Ident", "Etag \"other\"");
        assertThat(origin.count()).isEqualTo(2);
        object.headers("Cache-Control", "max-age=3600", "ETag", ETAG);
        range("bytes=20-29");
        range("bytes=20-29", "X-Crr-Ident", "Stale");
        assertThat(object.requests("bytes=20-29")).isEqualTo(2);
        assertThat(origin.last().header("If-None-Match")).isEqualTo(ETAG);
    }

    // ------------------------------------------------------------------ options

    /** Seed 001 "Parent Selection Mode": {@code -p} / {@code --ps-cachekey} make the cache key the parent key. */
    @Test
    void psCacheKeyRecordsTheCacheKeyAsTheParentSelectionKey() throws Exception {
        deploy(pparam("-p"));
        HttpResponse<byte[]> r = range("bytes=0-9");
        assertThat(header(r, "X-ParentSelection-Key")).isEqualTo(key("bytes=0-9")).isEqualTo(header(r, "X-Cache-Key"));
        assertThat(header(get("/obj"), "X-ParentSelection-Key")).isNull();
    }

    @Test
    void withoutPsCacheKeyThereIsNoParentSelectionKey() throws Exception {
        deploy(pparam("--verify-cacheability"));
        assertThat(header(range("bytes=0-9"), "X-ParentSelection-Key")).isNull();
    }

    @Test
    void noModifyCacheKeyWithoutAKeyAboveLeavesTheRangeToTheCacheAndStoresNothing() throws Exception {
        deploy(Map.of("no-modify-cachekey", "true", "ps-cachekey", "true"));
        HttpResponse<byte[]> r = range("bytes=0-9");
        assertPartial(r, 0, 9);
        assertThat(header(r, "X-Cache-Key")).isNull();
        assertThat(header(r, "X-ParentSelection-Key")).isEqualTo(key("bytes=0-9"));
        assertPartial(range("bytes=0-9"), 0, 9);
        assertThat(get("/obj").body()).isEqualTo(Pattern.bytes(0, (int) SIZE));
        assertThat(origin.count()).isEqualTo(3);
    }

    /** The intended use (ATS gold cachekey_global): a cachekey-like filter above sets a key that includes Range. */
    @Test
    void noModifyCacheKeyUnderAKeyFromAboveSwapsUnderThatKey() throws Exception {
        Map<String, String> noModify = new LinkedHashMap<>();
        noModify.put("pparam", "--no-modify-cachekey");
        deploy(Deployment.proxyTo(origin.url())
                .filter("cachekey", KeyProbeFilter.class.getName(), Map.of("setKey", "true"), "/*")
                .filter("crr", RangeCacheKeyFilter.class.getName(), noModify, "/*")
                .filter("probe", KeyProbeFilter.class.getName(), Map.of(), "/*")
                .filter("cache", "org.edgecache.web.CacheFilter", Map.of(), "/*"));
        HttpResponse<byte[]> miss = range("bytes=0-9");
        assertPartial(miss, 0, 9);
        assertThat(header(miss, "X-Cache-Key")).isEqualTo("/cachekey/Range:bytes=0-9/obj");
        assertPartial(range("bytes=0-9"), 0, 9);
        assertThat(origin.count()).isEqualTo(1);
    }

    /** ATS reference §2.11 [E17]: the PURGE goes through the filter, gets the range key, and removes that object. */
    @Test
    void aPurgeWithTheSameRangeRemovesThatRangeObject() throws Exception {
        deploy(Map.of());
        range("bytes=0-9");
        range("bytes=10-19");
        assertThat(send("PURGE", "/obj").statusCode()).isEqualTo(404);
        assertThat(send("PURGE", "/obj", "Range", "bytes=0-9").statusCode()).isEqualTo(200);
        assertThat(send("PURGE", "/obj", "Range", "bytes=0-9").statusCode()).isEqualTo(404);
        assertPartial(range("bytes=10-19"), 10, 19);
        assertPartial(range("bytes=0-9"), 0, 9);
        assertThat(object.requests("bytes=0-9")).isEqualTo(2);
        assertThat(object.requests("bytes=10-19")).isEqualTo(1);
    }

    @Test
    void anUnknownOptionFailsTheDeployment() {
        assertThatThrownBy(() -> deploy(pparam("--ps-cachekey --bogus"))).isInstanceOf(Exception.class);
        assertThatThrownBy(() -> deploy(Map.of("verify", "true"))).isInstanceOf(Exception.class);
    }
}
