package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RevalidationRequestTest {

    @ParameterizedTest(name = "[{index}] [{0}] -> [{1}]")
    @CsvSource(delimiter = ';', value = {
        "ETag: \"a\" | Last-Modified: Sun, 06 Nov 1994 08:49:37 GMT; If-None-Match: \"a\" | If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT",
        "ETag: W/\"a\";                           If-None-Match: W/\"a\"",
        "Last-Modified: Sun, 06 Nov 1994 08:49:37 GMT; If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT",
        "ETag: bogus | Last-Modified: 0;         -",
        "Date: Sun, 06 Nov 1994 08:49:37 GMT;    -",
    })
    void rfc9111_4_3_1_storedValidatorsAreSentAsIs(String stored, String expected) {
        assertThat(RevalidationRequest.conditionalHeaders(H.f(stored))).isEqualTo(H.f(expected));
    }

    @Test
    void rfc9111_4_3_1_severalVariantsSendAllTheirEntityTags() {
        assertThat(RevalidationRequest.conditionalHeaders(List.of(
                H.f("ETag: \"a\" | Last-Modified: @0"), H.f("ETag: \"b\""), H.f("ETag: \"a\""))))
                .isEqualTo(H.f("If-None-Match: \"a\", \"b\""));
    }

    @Test
    void clientPreconditionsAndRangeAreReplacedByTheCachesOwn() {
        var client = H.f("Accept: */* | If-None-Match: \"zzz\" | If-Modified-Since: @5 | If-Match: \"q\""
                + " | If-Unmodified-Since: @5 | If-Range: \"q\" | Range: bytes=0-1");
        assertThat(RevalidationRequest.originRequestHeaders(client, H.f("ETag: \"a\"")))
                .isEqualTo(H.f("Accept: */* | If-None-Match: \"a\""));
    }
}
