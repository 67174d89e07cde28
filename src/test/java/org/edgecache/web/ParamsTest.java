package org.edgecache.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParamsTest {
    private static Params params(Map<String, String> values, Map<String, String> env) {
        return new Params("servlet 'origin'", values::get, env::get);
    }

    @Test
    void placeholderTakesTheEnvironmentValueThenTheDefault() {
        Params p = params(Map.of("a", "${HOST:localhost}:${PORT:80}", "b", "x${MISSING:}y"), Map.of("PORT", "8081"));
        assertThat(p.string("a", null)).isEqualTo("localhost:8081");
        assertThat(p.string("b", null)).isEqualTo("xy");
    }

    @Test
    void placeholderWithoutValueOrDefaultNamesTheParameterAndTheVariable() {
        Params p = params(Map.of("proxyTo", "${NOPE}"), Map.of());
        assertThatThrownBy(() -> p.string("proxyTo", null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("servlet 'origin'").hasMessageContaining("proxyTo").hasMessageContaining("${NOPE}");
    }

    @ParameterizedTest
    @CsvSource({"soon", "-1", "99999999999999999999", "1.5"})
    void badIntegersNameParameterValueAndRange(String value) {
        Params p = params(Map.of("timeout", value), Map.of());
        assertThatThrownBy(() -> p.integer("timeout", 10, 0, 1000))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'timeout'").hasMessageContaining("'" + value + "'").hasMessageContaining("0 to 1000");
    }

    @ParameterizedTest
    @CsvSource({"true,true", "ON,true", "1,true", "no,false", "0,false"})
    void booleansAcceptTheUsualSpellings(String value, boolean expected) {
        assertThat(params(Map.of("f", value), Map.of()).bool("f", !expected)).isEqualTo(expected);
    }

    @Test
    void aBadBooleanIsAnError() {
        assertThatThrownBy(() -> params(Map.of("f", "maybe"), Map.of()).bool("f", false))
                .hasMessageContaining("'maybe'").hasMessageContaining("true or false");
    }

    @Test
    void absentValuesTakeTheDefault() {
        Params p = params(Map.of("empty", ""), Map.of());
        assertThat(p.integer("absent", 7, 0, 10)).isEqualTo(7);
        assertThat(p.integer("empty", 7, 0, 10)).isEqualTo(7);
        assertThat(p.decimal("absent", 0.1, 0, 1)).isEqualTo(0.1);
        assertThat(p.choice("absent", "a", "a", "b")).isEqualTo("a");
    }

    @ParameterizedTest
    @CsvSource({"ftp://host/", "http://", "http://host/?q=1", "not a uri", "/relative"})
    void httpUrisMustBeAbsoluteHttpWithoutQuery(String value) {
        assertThatThrownBy(() -> params(Map.of("proxyTo", value), Map.of()).httpUri("proxyTo", null))
                .isInstanceOf(ConfigException.class).hasMessageContaining("proxyTo");
    }
}
