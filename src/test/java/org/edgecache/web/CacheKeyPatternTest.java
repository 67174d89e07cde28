package org.edgecache.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The inspector's regular expressions over cache keys: found anywhere unless anchored; bad ones refused with why. */
class CacheKeyPatternTest {

    @ParameterizedTest(name = "[{index}] {0} ~ {1} = {2}")
    @CsvSource(delimiter = ';', value = {
        "png;                /img/a.png;        true",
        "^/img/;             /img/a.png;        true",
        "^/img/;             /static/img/a.png; false",
        "\\.png$;            /img/a.png?v=2;    false",
        "\\.png(\\?.*)?$;    /img/a.png?v=2;    true",
        "^/a$;               /a;                true",
        "^/a$;               /ab;               false",
        "(?i)^/IMG/;         /img/a.png;        true",
    })
    void matchesKeys(String regex, String key, boolean matches) {
        assertThat(CacheKeyPattern.compile(regex).matches(key)).isEqualTo(matches);
    }

    @Test
    void selectsTheMatchingKeysOfASource() {
        List<String> keys = List.of("/img/1.png", "/doc/a", "/img/2.png");
        assertThat(CacheKeyPattern.compile("^/img/").select(keys::forEach)).containsExactly("/img/1.png", "/img/2.png");
    }

    @Test
    void aBadExpressionIsRefusedWithTheReasonAndWhere() {
        assertThatThrownBy(() -> CacheKeyPattern.compile("/img/(a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a valid regular expression: Unclosed group near index");
        assertThatThrownBy(() -> CacheKeyPattern.compile("*.png"))
                .hasMessageContaining("Dangling meta character '*' near index 0");
        assertThatThrownBy(() -> CacheKeyPattern.compile("")).hasMessage("the regular expression is empty");
        assertThatThrownBy(() -> CacheKeyPattern.compile(null)).hasMessage("the regular expression is empty");
        assertThatThrownBy(() -> CacheKeyPattern.compile("a".repeat(1001)))
                .hasMessage("the regular expression is longer than 1000 characters");
    }
}
