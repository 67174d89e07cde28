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
