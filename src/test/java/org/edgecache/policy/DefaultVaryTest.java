package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Seed "Caching HTTP Alternates": enable_default_vary_headers and vary_default_text / _images / _other. */
class DefaultVaryTest {

    private static final CacheSettings ON = CacheSettings.builder().enableDefaultVaryHeaders(true)
            .varyDefaultText(List.of("Accept-Language")).varyDefaultImages(List.of("Accept"))
            .varyDefaultOther(List.of("Accept-Encoding", "User-Agent")).build();

    @ParameterizedTest(name = "[{index}] enabled={0} [{1}] -> {2}")
    @CsvSource(delimiter = ';', value = {
        "true;  Content-Type: text/html;                    accept-language",
        "true;  Content-Type: TEXT/Plain;                   accept-language",
        "true;  Content-Type: image/png;                    accept",
        "true;  Content-Type: application/json;             accept-encoding,user-agent",
        "true;  -;                                          accept-encoding,user-agent",
        "true;  Content-Type: text/html | Vary: Cookie;     cookie",
        "true;  Content-Type: text/html | Vary: ;           ''",
        "false; Content-Type: text/html;                    ''",
        "false; Content-Type: text/html | Vary: Accept;     accept",
    })
    void theResponsesOwnVaryWinsElseTheListForItsType(boolean enabled, String resp, String expected) {
        CacheSettings s = enabled ? ON : ON.toBuilder().enableDefaultVaryHeaders(false).build();
        List<String> want = expected.isEmpty() ? List.of() : List.of(expected.split(","));
        assertThat(DefaultVary.fieldNames(H.f(resp), s)).isEqualTo(want);
    }
}
