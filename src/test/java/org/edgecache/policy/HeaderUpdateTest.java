package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeaderUpdateTest {

    @ParameterizedTest(name = "[{index}] [{0}] + 304 [{1}] = [{2}]")
    @CsvSource(delimiter = ';', value = {
        // §4.3.4: every 304 field replaces all stored lines of that field, in place
        "Date: @0 | Cache-Control: max-age=1 | X-A: 1;  Date: @10 | Cache-Control: max-age=9;  Date: @10 | Cache-Control: max-age=9 | X-A: 1",
        "X-A: 1 | X-B: 2 | X-A: 3;                      x-a: 4 | x-a: 5;                       x-a: 4 | x-a: 5 | X-B: 2",
        // new fields are appended
        "X-A: 1;                                        X-New: n;                              X-A: 1 | X-New: n",
        // §3.2: Content-Length is never updated; nor the other body-describing fields (our choice)
        "Content-Length: 10 | Content-Encoding: gzip | Content-Range: bytes 0-9/10; Content-Length: 0 | Content-Encoding: br | Content-Range: bytes 0-0/1; Content-Length: 10 | Content-Encoding: gzip | Content-Range: bytes 0-9/10",
        // §3.1: hop-by-hop fields and fields named by Connection are dropped
        "X-A: 1 | Keep-Alive: x;                        Connection: X-Secret | X-Secret: s | Transfer-Encoding: chunked | ETag: \"2\"; X-A: 1",
    })
    void rfc9111_4_3_4_freshenStoredFields(String stored, String notModified, String expected) {
        assertThat(HeaderUpdate.merge(H.f(stored), H.f(notModified))).isEqualTo(H.f(expected));
    }

    @ParameterizedTest(name = "[{index}] stored [{0}] 304 [{1}] -> {2}")
    @CsvSource(delimiter = ';', value = {
        "ETag: \"a\";                  ETag: \"a\";                   true",
        "ETag: \"a\";                  ETag: \"b\";                   false",
        "ETag: W/\"a\";                ETag: \"a\";                   false",
        "ETag: \"a\";                  ETag: W/\"a\";                 true",
        "-;                            ETag: \"a\";                   false",
        "Last-Modified: @0;            Last-Modified: @0;             true",
        "Last-Modified: @0;            Last-Modified: @1;             false",
        "ETag: \"a\";                  Date: @5;                      true",
    })
    void rfc9111_4_3_4_a304OnlyFreshensTheResponseItsValidatorSelects(String stored, String notModified, boolean freshens) {
        assertThat(HeaderUpdate.freshens(H.f(stored), H.f(notModified))).isEqualTo(freshens);
    }

    @Test
    void rfc9111_4_2_3_anOldAgeIsNotCountedAgainAfterRevalidation() {
        assertThat(HeaderUpdate.merge(H.f("Date: @0 | Age: 50 | X-A: 1"), H.f("Date: @100")))
                .isEqualTo(H.f("Date: @100 | X-A: 1"));
        assertThat(HeaderUpdate.merge(H.f("Date: @0 | Age: 50"), H.f("Date: @100 | Age: 3")))
                .isEqualTo(H.f("Date: @100 | Age: 3"));
    }

    @Test
    void rfc9110_6_6_1_a304WithoutDateIsDatedOnReceipt() {
        assertThat(HeaderUpdate.merge(H.f("Date: @0 | ETag: \"a\""), H.f("ETag: \"a\""), H.at(100)))
                .isEqualTo(H.f("Date: @100 | ETag: \"a\""));
        assertThat(HeaderUpdate.merge(H.f("Date: @0"), H.f("Date: @50"), H.at(100))).isEqualTo(H.f("Date: @50"));
    }

    @Test
    void storedHopByHopFieldsAreDroppedToo() {
        assertThat(HeaderUpdate.merge(H.f("Connection: close | Upgrade: h2c | X-A: 1"), H.f("-"))).isEqualTo(H.f("X-A: 1"));
    }
}
