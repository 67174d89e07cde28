package org.edgecache.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CacheControlTest {

    private static CacheControl cc(String... lines) {
        return CacheControl.parse(List.of(lines));
    }

    /** expected -1: absent; invalid flag says whether the response must be treated as stale. */
    @ParameterizedTest(name = "[{index}] Cache-Control: {0} -> max-age {1}, invalid {2}")
    @CsvSource(delimiter = '|', value = {
        "max-age=3600                | 3600       | false",
        "MAX-AGE=3600                | 3600       | false",
        "max-age=003600              | 3600       | false",
        "max-age=\"3600\"            | 3600       | false",
        "max-age=2147483648          | 2147483648 | false",
        "max-age=2147483649          | 2147483648 | false",
        "max-age=99999999999999      | 2147483648 | false",
        "max-age=99999999999999999999999999 | 2147483648 | false",
        "max-age=-1                  | 0          | true",
        "max-age=3.5                 | 0          | true",
        "max-age=3600.0              | 0          | true",
        "max-age=a3600               | 0          | true",
        "max-age=3600a               | 0          | true",
        "max-age='3600'              | 0          | true",
        "max-age=                    | 0          | true",
        "max-age                     | 0          | true",
        "max-age = 3600              | 0          | true",
        "max-age =3600               | 0          | true",
        "max-age= 3600               | 0          | true",
        "max-age=3600, max-age=1     | 0          | true",
        "max-age=1, max-age=3600     | 0          | true",
        "max-age=60, max-age=60      | 60         | false",
        "extension=\"max-age=3600\", max-age=1 | 1 | false",
        "max-age=1, extension=\"max-age=3600\" | 1 | false",
        "no-cache                    | -1         | false",
    })
    void rfc9111_1_2_2_and_4_2_1_maxAgeParsing(String header, long expected, boolean invalid) {
        CacheControl c = cc(header);
        assertThat(c.maxAge()).isEqualTo(expected < 0 ? OptionalLong.empty() : OptionalLong.of(expected));
        assertThat(c.invalidFreshness()).isEqualTo(invalid);
    }

    @Test
    void rfc9111_4_2_1_conflictingMaxAgeOnSeparateLinesIsStale() {
        assertThat(cc("max-age=1800", "max-age=1").maxAge()).hasValue(0);
    }

    @Test
    void rfc9111_5_2_sMaxAgeHasTheSameRules() {
        assertThat(cc("s-maxage=10").sMaxAge()).hasValue(10);
        assertThat(cc("s-maxage=x").sMaxAge()).hasValue(0);
        assertThat(cc("s-maxage=x").invalidFreshness()).isTrue();
        assertThat(cc("max-age=10").sMaxAge()).isEmpty();
    }

    @Test
    void rfc9111_5_2_unknownDirectivesAreKeptAndIgnored() {
        CacheControl c = cc("nothing-to-see-here, Foo=\"a, b\", max-age=5");
        assertThat(c.has("NOTHING-TO-SEE-HERE")).isTrue();
        assertThat(c.value("foo")).contains("a, b");
        assertThat(c.maxAge()).hasValue(5);
        assertThat(c.noCache()).isFalse();
    }

    @Test
    void rfc9111_5_2_1_4_maxStaleWithoutValueAcceptsAnyStaleness() {
        assertThat(cc("max-stale").maxStale()).hasValue(Long.MAX_VALUE);
        assertThat(cc("max-stale=30").maxStale()).hasValue(30);
        assertThat(cc("max-stale=30, max-stale=10").maxStale()).hasValue(10);
        assertThat(cc("max-stale=x").maxStale()).isEmpty();
        assertThat(cc("no-cache").maxStale()).isEmpty();
    }

    @Test
    void rfc9111_5_2_1_3_minFreshConflictsTakeTheLargest() {
        assertThat(cc("min-fresh=5, min-fresh=50").minFresh()).hasValue(50);
        assertThat(cc("min-fresh").minFresh()).isEmpty();
    }

    @Test
    void rfc5861_staleExtensions() {
        CacheControl c = cc("stale-while-revalidate=30, stale-if-error=600");
        assertThat(c.staleWhileRevalidate()).hasValue(30);
        assertThat(c.staleIfError()).hasValue(600);
        assertThat(cc("stale-if-error=-5").staleIfError()).isEmpty();
    }

    @Test
    void rfc9111_5_2_2_4_qualifiedNoCacheListsItsFields() {
        CacheControl c = cc("no-cache=\"Set-Cookie, X-Foo\"");
        assertThat(c.noCache()).isTrue();
        assertThat(c.noCacheFields()).containsExactly("set-cookie", "x-foo");
        assertThat(cc("no-cache").noCacheFields()).isEmpty();
        assertThat(cc("private=\"Set-Cookie\"").privateFields()).containsExactly("set-cookie");
    }

    @Test
    void booleanDirectivesAreCaseInsensitive() {
        CacheControl c = cc("No-Store, PRIVATE, Public, must-revalidate",
                "proxy-revalidate, only-if-cached, no-transform, immutable, must-understand");
        assertThat(c.noStore()).isTrue();
        assertThat(c.isPrivate()).isTrue();
        assertThat(c.isPublic()).isTrue();
        assertThat(c.mustRevalidate()).isTrue();
        assertThat(c.proxyRevalidate()).isTrue();
        assertThat(c.onlyIfCached()).isTrue();
        assertThat(c.noTransform()).isTrue();
        assertThat(c.immutable()).isTrue();
        assertThat(c.mustUnderstand()).isTrue();
        assertThat(CacheControl.EMPTY.noStore()).isFalse();
        assertThat(CacheControl.parse(List.of()).isEmpty()).isTrue();
    }

    @Test
    void quotedPairsAreUnescaped() {
        assertThat(cc("ext=\"a\\\"b\"").value("ext")).contains("a\"b");
    }

    @ParameterizedTest
    @CsvSource({"0,0", "12,12", "2147483648,2147483648", "2147483649,2147483648", "'',-1", "1e3,-1", "+1,-1"})
    void rfc9111_1_2_2_deltaSeconds(String text, long expected) {
        assertThat(CacheControl.deltaSeconds(text)).isEqualTo(expected);
    }

    @Test
    void ofParsesAFieldSetOnceAndAnswersLikeParse() {
        HttpFields fields = HttpFields.of("Cache-Control", "public, max-age=60", "Cache-Control", "no-transform");
        CacheControl first = CacheControl.of(fields);
        assertThat(CacheControl.of(fields)).isSameAs(first);
        assertThat(first.directives())
                .isEqualTo(CacheControl.parse(List.of("public, max-age=60", "no-transform")).directives());
        HttpFields changed = fields.toBuilder().set("Cache-Control", "no-store").build();
        assertThat(CacheControl.of(changed).noStore()).isTrue();
        assertThat(CacheControl.of(fields).noStore()).isFalse();
    }
}
