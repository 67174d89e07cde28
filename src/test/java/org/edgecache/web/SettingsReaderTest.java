package org.edgecache.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.edgecache.policy.CacheSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The knobs as context-params (and ConfRemapFilter init-params): names, values, base profile, consistency. */
class SettingsReaderTest {
    private static final String C = "proxy.config.http.cache.";

    private static CacheSettings read(Map<String, String> values) {
        return SettingsReader.read(new Params("context-param", values::get, n -> null));
    }

    @Test
    void nothingSetGivesTheSeedsDefaultsAndRfc9111GivesThePreset() {
        assertThat(read(Map.of())).isEqualTo(CacheSettings.defaults());
        assertThat(read(Map.of("edgecache.defaults", "rfc9111"))).isEqualTo(CacheSettings.rfc9111());
    }

    @Test
    void everyKnobIsReadUnderItsAtsName() {
        CacheSettings s = read(Map.ofEntries(
                Map.entry(C + "heuristic_lm_factor", "0.2"),
                Map.entry(C + "heuristic_min_lifetime", "10"),
                Map.entry(C + "heuristic_max_lifetime", "20"),
                Map.entry(C + "required_headers", "2"),
                Map.entry(C + "when_to_revalidate", "3"),
                Map.entry(C + "ignore_client_no_cache", "1"),
                Map.entry(C + "ignore_client_cc_max_age", "1"),
                Map.entry(C + "ignore_server_no_cache", "1"),
                Map.entry(C + "ignore_authentication", "1"),
                Map.entry(C + "cache_responses_to_cookies", "4"),
                Map.entry(C + "cache_urls_that_look_dynamic", "0"),
                Map.entry("proxy.config.cache.limits.http.max_alts", "7"),
                Map.entry(C + "max_stale_age", "30"),
                Map.entry("proxy.config.http.insert_age_in_response", "0"),
                Map.entry(C + "http", "0"),
                Map.entry(C + "enable_default_vary_headers", "1"),
                Map.entry(C + "vary_default_text", "Accept-Language, Accept-Charset"),
                Map.entry(C + "vary_default_images", "Accept"),
                Map.entry(C + "vary_default_other", "Accept-Encoding User-Agent"),
                Map.entry("proxy.config.cache.permit.pinning", "1")));
        assertThat(s.heuristicLmFactor()).isEqualTo(0.2);
        assertThat(s.heuristicMinLifetime()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.heuristicMaxLifetime()).isEqualTo(Duration.ofSeconds(20));
        assertThat(s.requiredHeaders()).isEqualTo(2);
        assertThat(s.whenToRevalidate()).isEqualTo(3);
        assertThat(s.ignoreClientNoCache()).isTrue();
        assertThat(s.ignoreClientCcMaxAge()).isTrue();
        assertThat(s.ignoreServerNoCache()).isTrue();
        assertThat(s.ignoreAuthentication()).isTrue();
        assertThat(s.cacheResponsesToCookies()).isEqualTo(4);
        assertThat(s.cacheUrlsThatLookDynamic()).isFalse();
        assertThat(s.maxAlts()).isEqualTo(7);
        assertThat(s.maxStaleAge()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.insertAgeInResponse()).isFalse();
        assertThat(s.httpCacheEnabled()).isFalse();
        assertThat(s.enableDefaultVaryHeaders()).isTrue();
        assertThat(s.varyDefaultText()).containsExactly("accept-language", "accept-charset");
        assertThat(s.varyDefaultImages()).containsExactly("accept");
        assertThat(s.varyDefaultOther()).containsExactly("accept-encoding", "user-agent");
        assertThat(s.permitPinning()).isTrue();
    }

    @ParameterizedTest(name = "[{index}] cache.http={0} http.enabled={1} -> {2}")
    @CsvSource({"0, , false", ", 0, false", "1, 1, true", ", , true", "0, 0, false", "false, off, false"})
    void theSeedsNameAndAtsNameAreOneSwitch(String ats, String seed, boolean enabled) {
        java.util.HashMap<String, String> m = new java.util.HashMap<>();
        if (ats != null) {
            m.put(C + "http", ats);
        }
        if (seed != null) {
            m.put("proxy.config.http.enabled", seed);
        }
        assertThat(read(m).httpCacheEnabled()).isEqualTo(enabled);
    }

    @Test
    void theTwoNamesOfTheSwitchMustAgree() {
        assertThatThrownBy(() -> read(Map.of(C + "http", "1", "proxy.config.http.enabled", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("proxy.config.http.cache.http").hasMessageContaining("proxy.config.http.enabled");
    }

    @Test
    void aVaryDefaultListNamingCookieNeedsAFittingCookieSetting() {
        assertThatThrownBy(() -> read(Map.of(C + "enable_default_vary_headers", "1", C + "vary_default_text", "Cookie")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("vary_default_text names Cookie")
                .hasMessageContaining("cache_responses_to_cookies=3");
        assertThat(read(Map.of(C + "enable_default_vary_headers", "1", C + "vary_default_text", "Cookie",
                C + "cache_responses_to_cookies", "1")).varyDefaultText()).containsExactly("cookie");
    }

    @Test
    void badValuesNameTheParameter() {
        assertThatThrownBy(() -> read(Map.of(C + "vary_default_text", "Accept/Language")))
                .hasMessageContaining("vary_default_text").hasMessageContaining("header field names");
        assertThatThrownBy(() -> read(Map.of("proxy.config.cache.permit.pinning", "sometimes")))
                .hasMessageContaining("proxy.config.cache.permit.pinning");
        assertThat(read(Map.of(C + "vary_default_text", "NULL")).varyDefaultText()).isEmpty();
    }

    @Test
    void aConfRemapFilterTakesEveryKnobAndNothingElse() {
        assertThat(SettingsReader.knobNames()).contains(C + "heuristic_lm_factor", C + "http",
                "proxy.config.http.enabled", C + "vary_default_other", "proxy.config.cache.permit.pinning",
                "proxy.config.cache.limits.http.max_alts", "edgecache.store-set-cookie-responses")
                .doesNotContain("edgecache.defaults", CacheConfigFile.PARAM);
        ConfRemapFilter.checkNames("filter 'x'", List.of(C + "required_headers", C + "http"));
        assertThatThrownBy(() -> ConfRemapFilter.checkNames("filter 'x'",
                List.of(C + "requried_headers", "edgecache.defaults", "edgecache.store.offheap",
                        CacheConfigFile.PARAM, C + "fuzz.time")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("filter 'x'")
                .hasMessageContaining("'proxy.config.http.cache.requried_headers' is not a cache knob")
                .hasMessageContaining("'proxy.config.http.cache.fuzz.time' is a global setting")
                .hasMessageContaining("'edgecache.defaults' is a global setting")
                .hasMessageContaining("'edgecache.store.offheap' is a global setting")
                .hasMessageContaining("'" + CacheConfigFile.PARAM + "' is a global setting")
                .hasMessageContaining(C + "required_headers");
    }

    @Test
    void perUrlSettingsStartFromTheGlobalOnes() {
        CacheSettings global = read(Map.of(C + "required_headers", "1", C + "cache_responses_to_cookies", "1"));
        CacheSettings remapped = SettingsReader.read(new Params("filter 'x'",
                Map.of(C + "required_headers", "2")::get, n -> null), global);
        assertThat(remapped.requiredHeaders()).isEqualTo(2);
        assertThat(remapped.cacheResponsesToCookies()).isEqualTo(1);
    }
}
