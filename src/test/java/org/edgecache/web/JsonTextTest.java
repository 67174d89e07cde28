package org.edgecache.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The inspector's JSON: every value kind, and strings that are safe inside HTML too. */
class JsonTextTest {

    @Test
    void writesEveryKindOfValue() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a");
        m.put("n", 42);
        m.put("l", 1L << 40);
        m.put("d", 0.25);
        m.put("whole", 3.0);
        m.put("nan", Double.NaN);
        m.put("inf", Double.POSITIVE_INFINITY);
        m.put("b", true);
        m.put("null", null);
        m.put("at", Instant.parse("2026-01-02T03:04:05Z"));
        m.put("list", Arrays.asList(1, "x", null, List.of()));
        m.put("map", Map.of());
        assertThat(JsonText.of(m)).isEqualTo("{\"s\":\"a\",\"n\":42,\"l\":1099511627776,\"d\":0.25,\"whole\":3,"
                + "\"nan\":null,\"inf\":null,\"b\":true,\"null\":null,\"at\":\"2026-01-02T03:04:05Z\","
                + "\"list\":[1,\"x\",null,[]],\"map\":{}}");
    }

    @Test
    void escapesQuotesControlsAndWhatHtmlWouldRead() {
        assertThat(JsonText.of("\"\\\n\r\t\u0001</script><img onerror='x'>&\u2028\u2029"))
                .isEqualTo("\"\\\"\\\\\\n\\r\\t\\u0001\\u003c/script\\u003e\\u003cimg onerror=\\u0027x\\u0027\\u003e"
                        + "\\u0026\\u2028\\u2029\"");
    }

    @Test
    void keepsPairedSurrogatesAndEscapesLoneOnes() {
        assertThat(JsonText.of("\uD83D\uDE00")).isEqualTo("\"\uD83D\uDE00\"");
        assertThat(JsonText.of("a\uD83Db")).isEqualTo("\"a\\ud83db\"");
    }
}
