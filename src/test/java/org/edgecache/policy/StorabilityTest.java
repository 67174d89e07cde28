package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.edgecache.policy.Storability.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StorabilityTest {

    private static final String OK = "Date: @0 | Cache-Control: max-age=60";

    /** Seed defaults. Columns: method; request fields; status; response fields; verdict. */
    @ParameterizedTest(name = "[{index}] {0} [{1}] -> {2} [{3}] = {4}")
    @CsvSource(delimiter = ';', value = {
        "GET;  -; 200; " + OK + "; STORABLE",
        // §3: only GET here; HEAD is served from a stored GET but never stored
        "HEAD; -; 200; " + OK + "; METHOD_NOT_CACHEABLE",
        "POST; -; 200; " + OK + "; METHOD_NOT_CACHEABLE",
        // §3: final status only; 206 / 304 not stored by this path
        "GET;  -; 100; " + OK + "; STATUS_NOT_UNDERSTOOD",
        "GET;  -; 206; " + OK + "; STATUS_NOT_UNDERSTOOD",
        "GET;  -; 304; " + OK + "; STATUS_NOT_UNDERSTOOD",
        "GET;  -; 600; " + OK + "; STATUS_NOT_UNDERSTOOD",
        "GET;  -; 299; Date: @0 | Last-Modified: @-1000; STATUS_NOT_UNDERSTOOD",
        "GET;  -; 299; " + OK + "; STORABLE",
        // §5.2.2.3 must-understand: unknown status never stored; known status ignores no-store
        "GET;  -; 299; Cache-Control: max-age=60, must-understand, no-store; MUST_UNDERSTAND_UNKNOWN_STATUS",
        "GET;  -; 200; Cache-Control: max-age=60, must-understand, no-store; STORABLE",
        // §5.2.1.5 / §5.2.2.5 no-store
        "GET;  Cache-Control: no-store; 200; " + OK + "; NO_STORE_IN_REQUEST",
        "GET;  -; 200; Cache-Control: max-age=60, no-store; NO_STORE_IN_RESPONSE",
        // seed: responses to client no-cache are not cached
        "GET;  Cache-Control: no-cache; 200; " + OK + "; NO_CACHE_IN_REQUEST",
        "GET;  Pragma: no-cache; 200; " + OK + "; NO_CACHE_IN_REQUEST",
        "GET;  Pragma: no-cache | Cache-Control: nothing-to-see-here; 200; " + OK + "; STORABLE",
        // §5.2.2.7 private, bare or qualified
        "GET;  -; 200; Cache-Control: max-age=60, private; PRIVATE",
        "GET;  -; 200; Cache-Control: max-age=60, private=\"Set-Cookie\"; PRIVATE",
        // §3.5 Authorization
        "GET;  Authorization: Basic x; 200; " + OK + "; AUTHORIZED_REQUEST",
        "GET;  Authorization: Basic x; 200; Cache-Control: max-age=60, public; STORABLE",
        "GET;  Authorization: Basic x; 200; Cache-Control: s-maxage=60; STORABLE",
        "GET;  Authorization: Basic x; 200; Cache-Control: max-age=60, must-revalidate; STORABLE",
        // seed: WWW-Authenticate and Set-Cookie responses are not cached
        "GET;  -; 401; Cache-Control: max-age=60 | WWW-Authenticate: Basic; WWW_AUTHENTICATE",
        "GET;  -; 200; " + OK + " | Set-Cookie: a=b; SET_COOKIE",
        // seed: cookied content is cached except text (cache_responses_to_cookies=3)
        "GET;  Cookie: a=b; 200; " + OK + " | Content-Type: text/html; COOKIED_CONTENT",
        "GET;  Cookie: a=b; 200; " + OK + " | Content-Type: image/png; STORABLE",
        // seed: no-cache responses (and Pragma: no-cache alone) are not cached
        // no-cache responses are stored and revalidated on every use (edgecache.store-no-cache-responses=true)
        "GET;  -; 200; Cache-Control: no-cache; STORABLE",
        "GET;  -; 200; Cache-Control: no-cache=\"Set-Cookie\", max-age=60; STORABLE",
        "GET;  -; 200; Pragma: no-cache | Date: @0; STORABLE",
        "GET;  -; 200; Pragma: no-cache | " + OK + "; STORABLE",
        // Vary: * can never be reused
        "GET;  -; 200; " + OK + " | Vary: Accept, *; VARY_STAR",
        // seed: Expires of 0 or in the past is not cached
        "GET;  -; 200; Expires: 0 | Date: @0; EXPIRED_ON_ARRIVAL",
        "GET;  -; 200; Expires: @-1 | Date: @0; EXPIRED_ON_ARRIVAL",
        "GET;  -; 200; Expires: 0; EXPIRED_ON_ARRIVAL",
        "GET;  -; 200; Expires: @100; STORABLE",
        "GET;  -; 200; Expires: 0 | Date: @0 | Cache-Control: max-age=60; STORABLE",
        // §3 last condition: explicit lifetime, public or heuristically cacheable status
        "GET;  -; 200; -; STORABLE",
        "GET;  -; 404; Date: @0; STORABLE",
        "GET;  -; 302; Date: @0 | ETag: \"x\" | Last-Modified: @-100; NO_FRESHNESS_OR_VALIDATOR",
        "GET;  -; 302; Date: @0 | Cache-Control: public; STORABLE",
        "GET;  -; 302; Date: @0 | Cache-Control: max-age=5; STORABLE",
        "GET;  -; 500; Date: @0; NO_FRESHNESS_OR_VALIDATOR",
        // a no-cache max-age=0 response is still a response: first refusal wins (seed)
        "GET;  -; 200; Cache-Control: max-age=0; STORABLE",
    })
    void rfc9111_3_andDefaults(String method, String req, int status, String resp, Verdict expected) {
        assertThat(Storability.decide(method, H.f(req), status, H.f(resp), CacheSettings.defaults()))
                .isEqualTo(expected);
    }

    /** The knobs that reach RFC 9111 behaviour, and the ATS ones. */
    @ParameterizedTest(name = "[{index}] {0}: [{1}] {2} [{3}] = {4}")
    @CsvSource(delimiter = ';', value = {
        "rfc;                  Cache-Control: no-cache; 200; " + OK + "; STORABLE",
        "rfc;                  -; 200; Cache-Control: no-cache; STORABLE",
        "rfc;                  -; 200; " + OK + " | Set-Cookie: a=b; STORABLE",
        "rfc;                  -; 200; Expires: 0 | Date: @0; STORABLE",
        "rfc;                  Cookie: a=b; 200; " + OK + " | Content-Type: text/html; STORABLE",
        "rfc;                  Cache-Control: no-store; 200; " + OK + "; NO_STORE_IN_REQUEST",
        "ignoreClientNoCache;  Cache-Control: no-cache; 200; " + OK + "; STORABLE",
        "ignoreClientNoCache;  Cache-Control: no-store; 200; " + OK + "; NO_STORE_IN_REQUEST",
        "ignoreServerNoCache;  -; 200; Cache-Control: no-cache; STORABLE",
        "ignoreServerNoCache;  -; 200; Cache-Control: no-store, max-age=5; STORABLE",
        "ignoreServerNoCache;  -; 200; Cache-Control: private, max-age=5; PRIVATE",
        "ignoreAuthentication; -; 401; Cache-Control: max-age=60 | WWW-Authenticate: Basic; STORABLE",
        "ignoreAuthentication; Authorization: x; 200; " + OK + "; STORABLE",
        "required1;            -; 200; Date: @0; REQUIRED_HEADERS_MISSING",
        "required1;            -; 200; Date: @0 | Last-Modified: @-10; STORABLE",
        "required1;            -; 404; Date: @0; STORABLE",
        "required2;            -; 200; Date: @0 | Last-Modified: @-10; REQUIRED_HEADERS_MISSING",
        "required2;            -; 200; Date: @0 | Cache-Control: public; REQUIRED_HEADERS_MISSING",
        "required2;            -; 200; Date: @0 | Expires: @10; STORABLE",
        "required2;            -; 200; Date: @0 | Cache-Control: s-maxage=10; STORABLE",
    })
    void knobs(String knob, String req, int status, String resp, Verdict expected) {
        CacheSettings s = switch (knob) {
            case "rfc" -> CacheSettings.rfc9111();
            case "ignoreClientNoCache" -> CacheSettings.builder().ignoreClientNoCache(true).build();
            case "ignoreServerNoCache" -> CacheSettings.builder().ignoreServerNoCache(true).build();
            case "ignoreAuthentication" -> CacheSettings.builder().ignoreAuthentication(true).build();
            case "required1" -> CacheSettings.builder().requiredHeaders(1).build();
            case "required2" -> CacheSettings.builder().requiredHeaders(2).build();
            default -> throw new IllegalArgumentException(knob);
        };
        Verdict v = Storability.decide("GET", H.f(req), status, H.f(resp), s);
        assertThat(v).isEqualTo(expected);
        assertThat(v.storable()).isEqualTo(expected == Verdict.STORABLE);
    }

    /** cache.config and the cache switch: never-cache refuses, ttl-in-cache forces (but not over the request). */
    @ParameterizedTest(name = "[{index}] {0}: [{1}] {2} [{3}] = {4}")
    @CsvSource(delimiter = ';', value = {
        "off;   -; 200; " + OK + "; CACHE_DISABLED",
        "never; -; 200; " + OK + "; NEVER_CACHE",
        "ttl;   -; 200; Cache-Control: no-store, private; STORABLE",
        "ttl;   -; 200; Cache-Control: no-cache | Set-Cookie: a=b; STORABLE",
        "ttl;   Cookie: a=b; 200; Content-Type: text/html; STORABLE",
        "ttl;   -; 200; Expires: 0 | Date: @0; STORABLE",
        "ttl;   -; 404; Cache-Control: private; STORABLE",
        "ttl;   -; 500; Cache-Control: private; PRIVATE",
        "ttl;   -; 302; Date: @0; NO_FRESHNESS_OR_VALIDATOR",
        "ttl;   Cache-Control: no-store; 200; " + OK + "; NO_STORE_IN_REQUEST",
        "ttl;   Cache-Control: no-cache; 200; " + OK + "; NO_CACHE_IN_REQUEST",
        "ttl;   Authorization: x; 200; " + OK + "; AUTHORIZED_REQUEST",
        "ttl;   -; 200; " + OK + " | WWW-Authenticate: Basic; WWW_AUTHENTICATE",
        "ttl;   -; 200; " + OK + " | Vary: *; VARY_STAR",
        "ttlrq; -; 200; Date: @0; STORABLE",
        "ttlAndNever; -; 200; Cache-Control: private; STORABLE",
    })
    void cacheConfigDirectives(String knob, String req, int status, String resp, Verdict expected) {
        Duration sixHours = Duration.ofHours(6);
        CacheSettings s = switch (knob) {
            case "off" -> CacheSettings.builder().httpCacheEnabled(false).build();
            case "never" -> CacheSettings.builder().directives(new CacheDirectives(true, null, null, null)).build();
            case "ttl" -> CacheSettings.builder().directives(new CacheDirectives(false, sixHours, null, null)).build();
            case "ttlrq" -> CacheSettings.builder().requiredHeaders(2)
                    .directives(new CacheDirectives(false, sixHours, null, null)).build();
            case "ttlAndNever" -> CacheSettings.builder()
                    .directives(new CacheDirectives(true, sixHours, null, null)).build();
            default -> throw new IllegalArgumentException(knob);
        };
        assertThat(Storability.decide("GET", H.f(req), status, H.f(resp), s)).isEqualTo(expected);
    }
}
