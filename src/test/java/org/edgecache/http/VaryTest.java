package org.edgecache.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VaryTest {

    @Test
    void rfc9110_12_5_5_fieldNamesAreCaseInsensitiveListsAcrossLines() {
        HttpFields resp = HttpFields.of("Vary", "Accept-Encoding, ACCEPT-language", "vary", "accept-encoding, *");
        assertThat(Vary.fieldNames(resp)).containsExactly("accept-encoding", "accept-language", "*");
        assertThat(Vary.hasStar(Vary.fieldNames(resp))).isTrue();
        assertThat(Vary.fieldNames(HttpFields.EMPTY)).isEmpty();
    }

    /** Two requests (a and b, "|"-separated lines; "-" = absent) select the same variant or not. */
    @ParameterizedTest(name = "[{index}] {0} vs {1} -> {2}")
    @CsvSource(delimiter = ';', value = {
        "gzip;gzip;true",
        "gzip, br;gzip,br;true",
        "gzip,  br ;gzip|br;true",
        "gzip;GZIP;false",
        "gzip;br;false",
        "-;-;true",
        "-;'';false",
        "gzip;-;false",
        "'a, b';'a,b';true",
    })
    void rfc9111_4_1_selectingFieldsMatchAfterNormalisingWhitespaceAndLines(String a, String b, boolean same) {
        List<String> vary = List.of("accept-encoding");
        String ka = Vary.variantKey(vary, request(a));
        String kb = Vary.variantKey(vary, request(b));
        assertThat(ka.equals(kb)).isEqualTo(same);
        assertThat(Vary.matches(vary, request(a), request(b))).isEqualTo(same);
    }

    @Test
    void rfc9111_4_1_varyStarNeverMatches() {
        HttpFields r = request("gzip");
        assertThat(Vary.matches(List.of("*"), r, r)).isFalse();
    }

    @Test
    void variantKeyIgnoresOrderAndCaseOfNamesAndCannotBeForged() {
        HttpFields r = HttpFields.of("A", "1", "B", "2");
        assertThat(Vary.variantKey(List.of("a", "b"), r)).isEqualTo(Vary.variantKey(List.of("B", "A", "a"), r));
        HttpFields forged = HttpFields.of("A", "1;b:1:2");
        HttpFields honest = HttpFields.of("A", "1", "B", "2");
        assertThat(Vary.variantKey(List.of("a", "b"), forged)).isNotEqualTo(Vary.variantKey(List.of("a", "b"), honest));
    }

    @Test
    void selectingValueCombinesLinesAndMarksAbsence() {
        assertThat(Vary.selectingValue(HttpFields.of("X", "a", "x", " b "), "x")).isEqualTo("a, b");
        assertThat(Vary.selectingValue(HttpFields.EMPTY, "x")).isEqualTo(Vary.ABSENT);
        assertThat(Vary.selectingValue(HttpFields.of("X", ""), "x")).isEqualTo("").isNotEqualTo(Vary.ABSENT);
    }

    private static HttpFields request(String spec) {
        if (spec.equals("-")) {
            return HttpFields.of("Other", "1");
        }
        HttpFields.Builder b = HttpFields.builder();
        for (String line : spec.split("\\|", -1)) {
            b.add("Accept-Encoding", line);
        }
        return b.build();
    }

    @org.junit.jupiter.api.Test
    void aStoredVariantSelectsOnlyRequestsWithTheSameSelectingFieldsAndNeverWithStar() {
        List<String> vary = List.of("accept-language");
        String storedKey = Vary.variantKey(vary, HttpFields.of("Accept-Language", "en"));
        assertThat(Vary.selects(vary, storedKey, HttpFields.of("Accept-Language", "en"))).isTrue();
        assertThat(Vary.selects(vary, storedKey, HttpFields.of("Accept-Language", "fr"))).isFalse();
        assertThat(Vary.selects(vary, storedKey, HttpFields.EMPTY)).isFalse();
        assertThat(Vary.selects(List.of(), "", HttpFields.of("Accept-Language", "fr"))).isTrue();
        assertThat(Vary.selects(List.of("*"), Vary.variantKey(List.of("*"), HttpFields.EMPTY), HttpFields.EMPTY))
                .isFalse();
    }
}
