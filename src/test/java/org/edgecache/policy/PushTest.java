package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.edgecache.http.HttpFields;
import org.edgecache.policy.Push.Refusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PushTest {
    private static final CacheSettings SEED = CacheSettings.defaults();

    @ParameterizedTest(name = "[{index}] {0} | {1} | {2} -> {3} {4}")
    @CsvSource(delimiter = ';', value = {
        "/index.html; -;                      200; Content-Type: text/html;                   ;",
        "/index.html; -;                      200; Cache-Control: max-age=60;                 ;",
        "/index.html; -;                      404; Cache-Control: max-age=60;                 ;",
        "/index.html; -;                      200; Cache-Control: no-store;                   RESPONSE_NOT_CACHEABLE; NO_STORE_IN_RESPONSE",
        "/index.html; -;                      200; Cache-Control: private, max-age=60;        RESPONSE_NOT_CACHEABLE; PRIVATE",
        "/index.html; -;                      206; Content-Range: bytes 0-1/2;                RESPONSE_NOT_CACHEABLE; STATUS_NOT_UNDERSTOOD",
        "/index.html; -;                      304; ETag: \"x\";                               RESPONSE_NOT_CACHEABLE; STATUS_NOT_UNDERSTOOD",
        "/index.html; -;                      200; Vary: *| Cache-Control: max-age=60;        RESPONSE_NOT_CACHEABLE; VARY_STAR",
        "/index.html; Cache-Control: no-store; 200; Cache-Control: max-age=60;               RESPONSE_NOT_CACHEABLE; NO_STORE_IN_REQUEST",
        "/index.html; Authorization: Basic eA==; 200; Cache-Control: max-age=60;             RESPONSE_NOT_CACHEABLE; AUTHORIZED_REQUEST",
        "/a?b=1;      -;                      200; Cache-Control: max-age=60;                 ;",
    })
    void aPushIsJudgedAsTheGetOfItsUrlWithTheResponseFromTheOrigin(String target, String request, int status,
            String pushed, Refusal refusal, String detail) {
        Push.Verdict v = Push.cacheability(target, H.f(request), status, H.f(pushed), SEED);
        assertThat(v.refusal()).isEqualTo(refusal);
        assertThat(v.detail()).isEqualTo(detail);
        assertThat(v.storable()).isEqualTo(refusal == null);
    }

    @Test
    void aDynamicUrlIsARequestNotCacheableWhenDynamicUrlsAreNotCached() {
        CacheSettings noDynamic = CacheSettings.builder().cacheUrlsThatLookDynamic(false).build();
        Push.Verdict v = Push.cacheability("/a?b=1", HttpFields.EMPTY, 200, H.f("Cache-Control: max-age=60"),
                noDynamic);
        assertThat(v.refusal()).isEqualTo(Refusal.REQUEST_NOT_CACHEABLE);
        assertThat(v.detail()).isEqualTo("DYNAMIC_URL");
    }

    @Test
    void withAtsDefaultsA200WithoutLifetimeIsNotCacheable() {
        // ATS [E18]: required_headers=2 refuses it; the seed's defaults (0) store it with a heuristic lifetime
        CacheSettings ats = CacheSettings.builder().requiredHeaders(2).build();
        assertThat(Push.cacheability("/", HttpFields.EMPTY, 200, H.f("Content-Type: text/html"), ats).refusal())
                .isEqualTo(Refusal.RESPONSE_NOT_CACHEABLE);
        assertThat(Push.cacheability("/", HttpFields.EMPTY, 200, H.f("Content-Type: text/html"), SEED).storable())
                .isTrue();
    }

    @ParameterizedTest(name = "[{index}] CL {0}, head {1} -> {2}")
    @CsvSource({
        "84, 64, 20",
        "64, 64, 0",
        "63, 64, -2",
        "-1, 64, -1",
    })
    void theBodyIsWhatFollowsTheHeadUpToTheRequestsContentLength(long requestLength, int head, long body) {
        assertThat(Push.bodyLength(requestLength, head)).isEqualTo(body);
    }

    @Test
    void storedHeadersLookAsIfTheOriginHadSentThem() {
        HttpFields pushed = H.f("Content-type: text/html | Connection: close, X-Hop | X-Hop: 1 | Keep-Alive: 5"
                + " | Content-length: 17 | Cache-Control: max-age=60");
        HttpFields stored = Push.storedHeaders(pushed, 20, H.at(0));
        assertThat(stored).isEqualTo(H.f("Content-type: text/html | Content-Length: 20 | Cache-Control: max-age=60"
                + " | Date: @0"));
    }

    @Test
    void aDateSentIsKeptAndAnUnknownLengthDropsContentLength() {
        HttpFields stored = Push.storedHeaders(H.f("Date: @-30 | Content-Length: 5"), -1, H.at(0));
        assertThat(stored).isEqualTo(H.f("Date: @-30"));
        assertThat(Push.storedHeaders(H.f("Date: @-30"), 7, H.at(0))).isEqualTo(H.f("Date: @-30 | Content-Length: 7"));
    }
}
