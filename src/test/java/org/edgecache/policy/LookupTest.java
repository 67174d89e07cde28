package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.edgecache.policy.Lookup.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LookupTest {

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource({
        "/index.html, false",
        "/a?b=1, true",
        "/a;jsessionid=1, true",
        "/cgi-bin/x, true",
        "/x/CGI/y, true",
        "/page.ASP, true",
        "/page.aspx, false",
        "http://cgi.example.com/plain, false",
        "http://example.com/app.asp, true",
        "http://example.com, false",
    })
    void seed_cachingDynamicContent_whatLooksDynamic(String uri, boolean dynamic) {
        assertThat(Lookup.looksDynamic(uri)).isEqualTo(dynamic);
    }

    @ParameterizedTest(name = "[{index}] {0} {1} dynamic-allowed={2} -> {3}")
    @CsvSource({
        "GET,  /a?b=1, true,  LOOKUP",
        "HEAD, /a?b=1, true,  LOOKUP",
        "GET,  /a?b=1, false, DYNAMIC_URL",
        "GET,  /a,     false, LOOKUP",
        "POST, /a,     true,  METHOD_NOT_CACHEABLE",
        "PUT,  /a,     true,  METHOD_NOT_CACHEABLE",
    })
    void onlyGetAndHeadUseTheCache(String method, String uri, boolean dynamicAllowed, Verdict expected) {
        CacheSettings s = CacheSettings.builder().cacheUrlsThatLookDynamic(dynamicAllowed).build();
        Verdict v = Lookup.decide(method, uri, s);
        assertThat(v).isEqualTo(expected);
        assertThat(v.lookup()).isEqualTo(expected == Verdict.LOOKUP);
    }

    @org.junit.jupiter.api.Test
    void cacheSwitchNeverCacheAndTtlInCache() {
        java.time.Duration ttl = java.time.Duration.ofHours(6);
        CacheSettings off = CacheSettings.builder().httpCacheEnabled(false).build();
        assertThat(Lookup.decide("GET", "/a", off)).isEqualTo(Verdict.CACHE_DISABLED);
        CacheSettings never = CacheSettings.builder().directives(new CacheDirectives(true, null, null, null)).build();
        assertThat(Lookup.decide("GET", "/a", never)).isEqualTo(Verdict.NEVER_CACHE);
        CacheSettings ttlOverNever = CacheSettings.builder()
                .directives(new CacheDirectives(true, ttl, null, null)).build();
        assertThat(Lookup.decide("GET", "/a", ttlOverNever)).isEqualTo(Verdict.LOOKUP);
        CacheSettings dynamicWithTtl = CacheSettings.builder().cacheUrlsThatLookDynamic(false)
                .directives(new CacheDirectives(false, ttl, null, null)).build();
        assertThat(Lookup.decide("GET", "/a?b", dynamicWithTtl)).isEqualTo(Verdict.LOOKUP);
    }
}
