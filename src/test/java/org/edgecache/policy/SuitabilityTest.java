package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.edgecache.policy.Suitability.Action;
import org.edgecache.policy.Suitability.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SuitabilityTest {

    /**
     * The stored response was fetched at T0 (request and response time) and is assessed at T0 + age
     * seconds. Columns: request fields; stored response fields; age; verdict.
     */
    @ParameterizedTest(name = "[{index}] [{0}] vs [{1}] at {2}s = {3}")
    @CsvSource(delimiter = ';', value = {
        // RFC 9111 §4.2: fresh while age < lifetime
        "-; Date: @0 | Cache-Control: max-age=100;                       50;  FRESH",
        "-; Date: @0 | Cache-Control: max-age=100;                       100; STALE",
        "-; Date: @0 | Cache-Control: max-age=100;                       150; STALE",
        "-; Date: @0 | Cache-Control: max-age=3600, max-age=1;           0;   STALE",
        "-; Date: @0 | Cache-Control: max-age=\"3600\";                  10;  FRESH",
        "-; Date: @0 | Expires: @100;                                    50;  FRESH",
        "-; Date: @0 | Expires: 0;                                       0;   STALE",
        "-; Date: @0 | Last-Modified: @-100000;                          9999; FRESH",
        "-; Date: @0 | Last-Modified: @-100000;                          10000; STALE",
        // §5.2.1.1 client max-age (max-age=0 always revalidates)
        "Cache-Control: max-age=10; Date: @0 | Cache-Control: max-age=100;  20; CLIENT_MAX_AGE_EXCEEDED",
        "Cache-Control: max-age=30; Date: @0 | Cache-Control: max-age=100;  20; FRESH",
        "Cache-Control: max-age=0;  Date: @0 | Cache-Control: max-age=100;  0;  CLIENT_MAX_AGE_EXCEEDED",
        // §5.2.1.3 min-fresh
        "Cache-Control: min-fresh=60; Date: @0 | Cache-Control: max-age=100; 50; CLIENT_MIN_FRESH",
        "Cache-Control: min-fresh=40; Date: @0 | Cache-Control: max-age=100; 50; FRESH",
        // §5.2.1.2 max-stale
        "Cache-Control: max-stale=60; Date: @0 | Cache-Control: max-age=100; 150; STALE_BUT_ALLOWED",
        "Cache-Control: max-stale=60; Date: @0 | Cache-Control: max-age=100; 161; STALE",
        "Cache-Control: max-stale;    Date: @0 | Cache-Control: max-age=100; 99999; STALE_BUT_ALLOWED",
        // §4.2.4, §5.2.2.2, §5.2.2.8, §5.2.2.10: must-revalidate, proxy-revalidate, s-maxage forbid stale use
        "Cache-Control: max-stale; Date: @0 | Cache-Control: max-age=100, must-revalidate;  150; MUST_REVALIDATE_STALE",
        "Cache-Control: max-stale; Date: @0 | Cache-Control: max-age=100, proxy-revalidate; 150; MUST_REVALIDATE_STALE",
        "Cache-Control: max-stale; Date: @0 | Cache-Control: s-maxage=100;                  150; MUST_REVALIDATE_STALE",
        "-; Date: @0 | Cache-Control: max-age=100, must-revalidate;                          50; FRESH",
        // RFC 5861 stale-while-revalidate
        "-; Date: @0 | Cache-Control: max-age=100, stale-while-revalidate=30; 120; STALE_WHILE_REVALIDATE",
        "-; Date: @0 | Cache-Control: max-age=100, stale-while-revalidate=30; 131; STALE",
        // §5.2.2.4 response no-cache (bare or qualified) always revalidates
        "-; Date: @0 | Cache-Control: max-age=100, no-cache;                 0;  MUST_REVALIDATE_NO_CACHE_RESPONSE",
        "-; Date: @0 | Cache-Control: max-age=100, no-cache=\"Set-Cookie\";  0;  MUST_REVALIDATE_NO_CACHE_RESPONSE",
        "-; Date: @0 | Pragma: no-cache;                                      0;  MUST_REVALIDATE_NO_CACHE_RESPONSE",
        "-; Date: @0 | Pragma: no-cache | Cache-Control: max-age=100;        0;  FRESH",
        // seed: client no-cache is honoured (conditional request to origin)
        "Cache-Control: no-cache; Date: @0 | Cache-Control: max-age=100;     0;  MUST_REVALIDATE_CLIENT_NO_CACHE",
        "Pragma: no-cache;        Date: @0 | Cache-Control: max-age=100;     0;  MUST_REVALIDATE_CLIENT_NO_CACHE",
        "Pragma: no-cache | Cache-Control: nothing-to-see-here; Date: @0 | Cache-Control: max-age=100; 0; FRESH",
        // ATS §5.5 Authorization: public or s-maxage serve; must-revalidate revalidates; else forward
        "Authorization: x; Date: @0 | Cache-Control: max-age=100;                  0; AUTHORIZATION_NOT_ALLOWED",
        "Authorization: x; Date: @0 | Cache-Control: max-age=100, public;          0; FRESH",
        "Authorization: x; Date: @0 | Cache-Control: s-maxage=100;                 0; FRESH",
        "Authorization: x; Date: @0 | Cache-Control: max-age=100, must-revalidate; 0; MUST_REVALIDATE_AUTHORIZATION",
        // Vary: * is never served
        "-; Date: @0 | Cache-Control: max-age=100 | Vary: *;                       0; VARY_STAR",
    })
    void rfc9111_4_reuseOfStoredResponses(String req, String resp, long age, Verdict expected) {
        Suitability.Result r = Suitability.assess(RequestView.get(H.f(req)),
                StoredView.of(200, H.f(resp), H.T0, H.T0), H.at(age), CacheSettings.defaults());
        assertThat(r.verdict()).isEqualTo(expected);
        assertThat(r.age()).isEqualTo(Duration.ofSeconds(age));
    }

    @Test
    void rfc9111_4_methodMustMatch_headIsServedFromGet() {
        StoredView stored = StoredView.of(200, H.f("Date: @0 | Cache-Control: max-age=100"), H.T0, H.T0);
        assertThat(assess(new RequestView("HEAD", H.f("-")), stored, 0).verdict()).isEqualTo(Verdict.FRESH);
        Suitability.Result post = assess(new RequestView("POST", H.f("-")), stored, 0);
        assertThat(post.verdict()).isEqualTo(Verdict.METHOD_MISMATCH);
        assertThat(post.action()).isEqualTo(Action.FORWARD);
    }

    @ParameterizedTest(name = "[{index}] stored [{0}] new [{1}] -> {2}")
    @CsvSource(delimiter = ';', value = {
        "Accept-Encoding: gzip; Accept-Encoding: gzip;      FRESH",
        "Accept-Encoding: gzip; Accept-Encoding: br;        VARY_MISMATCH",
        "Accept-Encoding: gzip; -;                          VARY_MISMATCH",
        "-;                     -;                          FRESH",
        "Accept-Encoding: a,b;  Accept-Encoding: a | Accept-Encoding: b; FRESH",
    })
    void rfc9111_4_1_selectingHeadersMustMatch(String storedReq, String newReq, Verdict expected) {
        StoredView stored = new StoredView(200, H.f("Date: @0 | Cache-Control: max-age=100 | Vary: accept-encoding"),
                H.f(storedReq), H.T0, H.T0);
        assertThat(assess(RequestView.get(H.f(newReq)), stored, 0).verdict()).isEqualTo(expected);
    }

    /** when_to_revalidate: 0 normal, 1 stale if heuristic, 2 always stale, 3 never stale, 4 stale on client IMS. */
    @ParameterizedTest(name = "[{index}] when_to_revalidate={0} [{1}] [{2}] at {3}s = {4}")
    @CsvSource(delimiter = ';', value = {
        "0; -; Date: @0 | Last-Modified: @-100000;       0;     FRESH",
        "1; -; Date: @0 | Last-Modified: @-100000;       0;     ALWAYS_REVALIDATE",
        "1; -; Date: @0 | Cache-Control: max-age=100;    0;     FRESH",
        "2; -; Date: @0 | Cache-Control: max-age=100;    0;     ALWAYS_REVALIDATE",
        "3; -; Date: @0 | Cache-Control: max-age=100;    99999; FRESH",
        "3; Cache-Control: max-age=0; Date: @0 | Cache-Control: max-age=100; 5; FRESH",
        "4; If-Modified-Since: @0; Date: @0 | Cache-Control: max-age=100; 0; ALWAYS_REVALIDATE",
        "4; -; Date: @0 | Cache-Control: max-age=100;    0;     FRESH",
    })
    void whenToRevalidate(int setting, String req, String resp, long age, Verdict expected) {
        CacheSettings s = CacheSettings.builder().whenToRevalidate(setting).build();
        Suitability.Result r = Suitability.assess(RequestView.get(H.f(req)),
                StoredView.of(200, H.f(resp), H.T0, H.T0), H.at(age), s);
        assertThat(r.verdict()).isEqualTo(expected);
    }

    @Test
    void knobsSwitchOffClientAndServerDirectives() {
        StoredView noCache = StoredView.of(200, H.f("Date: @0 | Cache-Control: max-age=100, no-cache"), H.T0, H.T0);
        CacheSettings ignoreServer = CacheSettings.builder().ignoreServerNoCache(true).build();
        assertThat(Suitability.assess(RequestView.get(H.f("-")), noCache, H.T0, ignoreServer).verdict())
                .isEqualTo(Verdict.FRESH);

        StoredView fresh = StoredView.of(200, H.f("Date: @0 | Cache-Control: max-age=100"), H.T0, H.T0);
        CacheSettings ignoreClient = CacheSettings.builder().ignoreClientNoCache(true).ignoreClientCcMaxAge(true).build();
        assertThat(Suitability.assess(RequestView.get(H.f("Cache-Control: no-cache, max-age=0")), fresh, H.T0,
                ignoreClient).verdict()).isEqualTo(Verdict.FRESH);

        CacheSettings ignoreAuth = CacheSettings.builder().ignoreAuthentication(true).build();
        assertThat(Suitability.assess(RequestView.get(H.f("Authorization: x")), fresh, H.T0, ignoreAuth).verdict())
                .isEqualTo(Verdict.FRESH);
    }

    @Test
    void resultCarriesAgeLifetimeTtlAndAction() {
        StoredView stored = StoredView.of(200, H.f("Date: @0 | Cache-Control: max-age=100 | Age: 10"), H.T0, H.T0);
        Suitability.Result r = assess(RequestView.get(H.f("-")), stored, 30);
        assertThat(r.age()).isEqualTo(Duration.ofSeconds(40));
        assertThat(r.lifetime().source()).isEqualTo(Freshness.Source.MAX_AGE);
        assertThat(r.ttl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(r.action()).isEqualTo(Action.SERVE);
        Suitability.Result stale = assess(RequestView.get(H.f("-")), stored, 130);
        assertThat(stale.ttl()).isEqualTo(Duration.ofSeconds(-40));
        assertThat(stale.action()).isEqualTo(Action.REVALIDATE);
        assertThat(Verdict.STALE_WHILE_REVALIDATE.action()).isEqualTo(Action.SERVE_AND_REVALIDATE);
    }

    private static Suitability.Result assess(RequestView req, StoredView stored, long age) {
        return Suitability.assess(req, stored, H.at(age), CacheSettings.defaults());
    }

    /**
     * cache.config: ttl-in-cache is fresh while resident (since stored) at most the ttl, whatever the response
     * says; revalidate replaces the lifetime but does not lengthen a must-revalidate one. Stored at T0; assessed at
     * T0 + the given seconds.
     */
    @ParameterizedTest(name = "[{index}] ttl={0} revalidate={1} [{2}] [{3}] at {4}s = {5}")
    @CsvSource(delimiter = ';', value = {
        "100; -;   -; Date: @0 | Cache-Control: no-cache, max-age=0 | Age: 5000; 100; FRESH",
        "100; -;   -; Date: @0 | Cache-Control: no-cache, max-age=0;            101; STALE",
        "100; -;   Cache-Control: no-cache; Date: @0 | Cache-Control: max-age=0; 0;  MUST_REVALIDATE_CLIENT_NO_CACHE",
        "100; -;   Cookie: a=1; Date: @0 | Content-Type: text/html;               0;  FRESH",
        "-;   60;  -; Date: @0 | Cache-Control: max-age=600;                      61; STALE",
        "-;   60;  -; Date: @0 | Cache-Control: max-age=600;                      59; FRESH",
        "-;   600; -; Date: @0 | Cache-Control: max-age=60;                       300; FRESH",
        "-;   600; -; Date: @0 | Cache-Control: max-age=60, must-revalidate;      300; MUST_REVALIDATE_STALE",
        "-;   30;  -; Date: @0 | Cache-Control: max-age=60, must-revalidate;      31;  MUST_REVALIDATE_STALE",
        "-;   0;   -; Date: @0 | Cache-Control: max-age=60;                       0;   STALE",
    })
    void cacheConfigTtlInCacheAndRevalidate(String ttl, String revalidate, String req, String resp, long at,
            Verdict expected) {
        CacheSettings s = CacheSettings.builder().directives(new CacheDirectives(false,
                ttl.equals("-") ? null : Duration.ofSeconds(Long.parseLong(ttl)),
                revalidate.equals("-") ? null : Duration.ofSeconds(Long.parseLong(revalidate)), null)).build();
        Suitability.Result r = Suitability.assess(RequestView.get(H.f(req)),
                StoredView.of(200, H.f(resp), H.T0, H.T0), H.at(at), s);
        assertThat(r.verdict()).isEqualTo(expected);
        if (!ttl.equals("-") && (expected == Verdict.FRESH || expected == Verdict.STALE)) {
            assertThat(r.lifetime().source()).isEqualTo(Freshness.Source.TTL_IN_CACHE);
            assertThat(r.ttl()).isEqualTo(Duration.ofSeconds(Long.parseLong(ttl) - at));
        }
    }

    /** ATS applies cache_responses_to_cookies when serving too: the request's Cookie, the stored Set-Cookie. */
    @ParameterizedTest(name = "[{index}] cookies={0} [{1}] [{2}] = {3}")
    @CsvSource(delimiter = ';', value = {
        "3; Cookie: a=1; Content-Type: text/html;  COOKIES_NOT_SERVED",
        "3; -;           Content-Type: text/html;  FRESH",
        "3; Cookie: a=1; Content-Type: image/png;  FRESH",
        "0; Cookie: a=1; Content-Type: image/png;  COOKIES_NOT_SERVED",
        "0; -;           Content-Type: image/png | Set-Cookie: s=1; COOKIES_NOT_SERVED",
        "1; Cookie: a=1; Content-Type: text/html;  FRESH",
        "2; Cookie: a=1; Content-Type: application/json; COOKIES_NOT_SERVED",
        "4; Cookie: a=1; Content-Type: text/html;  FRESH",
    })
    void cookiesAreCheckedWhenServing(int cookies, String req, String resp, Verdict expected) {
        CacheSettings s = CacheSettings.builder().cacheResponsesToCookies(cookies).build();
        Suitability.Result r = Suitability.assess(RequestView.get(H.f(req)),
                StoredView.of(200, H.f("Date: @0 | Cache-Control: max-age=100 | " + resp), H.T0, H.T0), H.T0, s);
        assertThat(r.verdict()).isEqualTo(expected);
        if (expected == Verdict.COOKIES_NOT_SERVED) {
            assertThat(r.action()).isEqualTo(Action.FORWARD);
        }
    }
}
