package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CacheSettingsTest {

    @Test
    void defaultsAreTheSeeds() {
        CacheSettings s = CacheSettings.defaults();
        assertThat(s.heuristicLmFactor()).isEqualTo(0.10);
        assertThat(s.heuristicMinLifetime()).isEqualTo(Duration.ofSeconds(3600));
        assertThat(s.heuristicMaxLifetime()).isEqualTo(Duration.ofSeconds(86400));
        assertThat(s.heuristicWithoutLastModified()).isTrue();
        assertThat(s.requiredHeaders()).isZero();
        assertThat(s.whenToRevalidate()).isZero();
        assertThat(s.ignoreClientNoCache()).isFalse();
        assertThat(s.ignoreClientCcMaxAge()).isFalse();
        assertThat(s.ignoreServerNoCache()).isFalse();
        assertThat(s.ignoreAuthentication()).isFalse();
        assertThat(s.cacheResponsesToCookies()).isEqualTo(3);
        assertThat(s.cacheUrlsThatLookDynamic()).isTrue();
        assertThat(s.maxAlts()).isEqualTo(3);
        assertThat(s.maxStaleAge()).isEqualTo(Duration.ofSeconds(604800));
        assertThat(s.insertAgeInResponse()).isTrue();
        // the cache-core issue: no-cache responses are stored and always revalidated
        assertThat(s.storeNoCacheResponses()).isTrue();
        assertThat(s.storeSetCookieResponses()).isFalse();
        assertThat(s.storeExpiredResponses()).isFalse();
        assertThat(s.storeResponsesToClientNoCache()).isFalse();
        assertThat(s.httpCacheEnabled()).isTrue();
        assertThat(s.enableDefaultVaryHeaders()).isFalse();
        assertThat(s.varyDefaultText()).isEmpty();
        assertThat(s.varyDefaultImages()).isEmpty();
        assertThat(s.varyDefaultOther()).isEmpty();
        assertThat(s.permitPinning()).isFalse();
        assertThat(s.directives()).isEqualTo(CacheDirectives.NONE);
    }

    @Test
    void varyDefaultListsAreLowerCasedFieldNames() {
        CacheSettings s = CacheSettings.builder().varyDefaultText(java.util.List.of("Accept-Language", "accept-language",
                " User-Agent ")).build();
        assertThat(s.varyDefaultText()).containsExactly("accept-language", "user-agent");
        assertThatThrownBy(() -> CacheSettings.builder().varyDefaultImages(java.util.List.of("Bad Name")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Bad Name");
    }

    /** The seed's note: Cookie in a vary_default list needs cache_responses_to_cookies to cache that type. */
    @org.junit.jupiter.params.ParameterizedTest(name = "[{index}] {0}={1}, cookies={2}: conflict={3}")
    @org.junit.jupiter.params.provider.CsvSource({
        "text, 3, true", "text, 2, true", "text, 0, true", "text, 1, false", "text, 4, false",
        "images, 0, true", "images, 2, false", "images, 3, false",
        "other, 0, true", "other, 2, true", "other, 3, false", "other, 1, false",
    })
    void cookieInAVaryDefaultListNeedsTheCookieSettingToMatch(String list, int cookies, boolean conflict) {
        CacheSettings.Builder b = CacheSettings.builder().enableDefaultVaryHeaders(true).cacheResponsesToCookies(cookies);
        java.util.List<String> cookie = java.util.List.of("Cookie");
        switch (list) {
            case "text" -> b.varyDefaultText(cookie);
            case "images" -> b.varyDefaultImages(cookie);
            default -> b.varyDefaultOther(cookie);
        }
        java.util.Optional<String> why = b.build().cookieVaryConflict();
        assertThat(why.isPresent()).as(list).isEqualTo(conflict);
        why.ifPresent(m -> assertThat(m).contains("vary_default_" + list, "cache_responses_to_cookies=" + cookies));
        assertThat(b.enableDefaultVaryHeaders(false).build().cookieVaryConflict()).isEmpty();
    }

    @Test
    void rfc9111PresetTurnsEverySeedDeviationOff() {
        CacheSettings s = CacheSettings.rfc9111();
        assertThat(s.storeNoCacheResponses()).isTrue();
        assertThat(s.storeSetCookieResponses()).isTrue();
        assertThat(s.storeExpiredResponses()).isTrue();
        assertThat(s.storeResponsesToClientNoCache()).isTrue();
        assertThat(s.cacheResponsesToCookies()).isEqualTo(1);
        assertThat(s.heuristicWithoutLastModified()).isFalse();
        assertThat(s.heuristicMinLifetime()).isEqualTo(Duration.ZERO);
    }

    @Test
    void toBuilderCopiesEveryKnob() {
        CacheSettings s = CacheSettings.rfc9111().toBuilder().maxAlts(7).whenToRevalidate(4).build();
        assertThat(s.toBuilder().build()).isEqualTo(s).hasSameHashCodeAs(s);
        assertThat(s).isNotEqualTo(CacheSettings.rfc9111());
        assertThat(s.toString()).contains("maxAlts=7", "whenToRevalidate=4");
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of((UnaryOperator<CacheSettings.Builder>) b -> b.requiredHeaders(3),
                        "proxy.config.http.cache.required_headers = 3"),
                Arguments.of((UnaryOperator<CacheSettings.Builder>) b -> b.whenToRevalidate(5),
                        "proxy.config.http.cache.when_to_revalidate = 5"),
                Arguments.of((UnaryOperator<CacheSettings.Builder>) b -> b.cacheResponsesToCookies(-1),
                        "proxy.config.http.cache.cache_responses_to_cookies = -1"),
                Arguments.of((UnaryOperator<CacheSettings.Builder>) b -> b.heuristicLmFactor(-0.5),
                        "proxy.config.http.cache.heuristic_lm_factor = -0.5"),
                Arguments.of((UnaryOperator<CacheSettings.Builder>) b -> b.heuristicLmFactor(Double.NaN),
                        "proxy.config.http.cache.heuristic_lm_factor = NaN"),
                Arguments.of((UnaryOperator<CacheSettings.Builder>) b -> b.heuristicMaxLifetime(Duration.ofSeconds(10)),
                        "proxy.config.http.cache.heuristic_max_lifetime = 10"),
                Arguments.of((UnaryOperator<CacheSettings.Builder>) b -> b.maxAlts(-1),
                        "proxy.config.cache.limits.http.max_alts = -1"),
                Arguments.of((UnaryOperator<CacheSettings.Builder>) b -> b.maxStaleAge(Duration.ofSeconds(-1)),
                        "proxy.config.http.cache.max_stale_age = -1"));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void badValuesFailNamingTheRecordTheValueAndWhatIsAllowed(UnaryOperator<CacheSettings.Builder> change, String message) {
        assertThatThrownBy(() -> change.apply(CacheSettings.builder()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message)
                .hasMessageContaining("allowed");
    }
}
