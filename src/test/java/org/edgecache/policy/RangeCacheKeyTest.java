package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** ATS behaviour §2.4 (observed keys E1–E5) and §2.3 (trigger). */
class RangeCacheKeyTest {

    @ParameterizedTest(name = "Range: {0} -> {1}")
    @CsvSource(delimiter = ';', value = {
        "bytes=10-19;           http://127.0.0.1:28081/obj-bytes=10-19",  // E1
        "bytes=100-;            http://127.0.0.1:28081/obj-bytes=100-",   // E2 open-ended
        "bytes=-5;              http://127.0.0.1:28081/obj-bytes=-5",     // E3 suffix
        "'bytes=0-1, 5-6';      http://127.0.0.1:28081/obj-bytes=0-1",    // E4 only the first range
        "foo;                   http://127.0.0.1:28081/obj-foo",          // E5 no validation
        "'  bytes=7-8 ,9-10 ';  http://127.0.0.1:28081/obj-bytes=7-8",
    })
    void theKeyIsTheEffectiveUrlAHyphenAndTheFirstRangeValue(String range, String key) {
        assertThat(RangeCacheKey.of("http://127.0.0.1:28081/obj", RangeCacheKey.firstRange(range).orElseThrow()))
                .isEqualTo(key);
    }

    @ParameterizedTest(name = "Range: ''{0}'' is no trigger")
    @ValueSource(strings = {"", "   ", ",bytes=1-2", " , bytes=1-2"})
    void anEmptyFirstValueTriggersNothing(String range) {
        assertThat(RangeCacheKey.firstRange(range)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void noRangeTriggersNothing() {
        assertThat(RangeCacheKey.firstRange(null)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void theQueryStaysInTheUrlPart() {
        assertThat(RangeCacheKey.of("http://o/obj?v=2", "bytes=0-0")).isEqualTo("http://o/obj?v=2-bytes=0-0");
    }
}
