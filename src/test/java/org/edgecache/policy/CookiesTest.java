package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CookiesTest {

    /** ATS cache_responses_to_cookies table (seed "Caching Cookied Objects", ATS behaviour §5.6). */
    @ParameterizedTest(name = "[{index}] setting {0}: [{1}] -> [{2}] prevents={3}")
    @CsvSource(delimiter = ';', value = {
        "0; Cookie: a=1; Content-Type: image/png;                      true",
        "0; -;           Content-Type: image/png | Set-Cookie: a=1;    true",
        "0; -;           Content-Type: text/html;                      false",
        "1; Cookie: a=1; Content-Type: text/html | Set-Cookie: a=1;    false",
        "2; Cookie: a=1; Content-Type: image/gif;                      false",
        "2; Cookie: a=1; Content-Type: application/json;               true",
        "3; Cookie: a=1; Content-Type: text/css;                       true",
        "3; Cookie: a=1; Content-Type: TEXT/plain;                     true",
        "3; Cookie: a=1; Content-Type: application/javascript;         false",
        "3; Cookie: a=1; -;                                            false",
        "4; Cookie: a=1; Content-Type: text/html;                      false",
        "4; Cookie: a=1; Content-Type: text/html | Set-Cookie: b=2;    true",
        "4; Cookie: a=1; Content-Type: text/html | Set-Cookie: b=2 | Cache-Control: public; false",
        "4; Cookie: a=1; Content-Type: image/png | Set-Cookie: b=2;    false",
    })
    void cacheResponsesToCookies(int setting, String req, String resp, boolean prevents) {
        assertThat(Cookies.preventCaching(H.f(req), H.f(resp), setting)).isEqualTo(prevents);
    }

    @Test
    void withoutCookiesOnEitherSideNothingIsPrevented() {
        for (int setting = 0; setting <= 4; setting++) {
            assertThat(Cookies.preventCaching(H.f("-"), H.f("Content-Type: text/html"), setting)).isFalse();
        }
    }

    @Test
    void unknownSettingIsAProgrammingError() {
        assertThatThrownBy(() -> Cookies.preventCaching(H.f("Cookie: a"), H.f("-"), 9))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
