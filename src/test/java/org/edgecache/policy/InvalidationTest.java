package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InvalidationTest {

    private static final String URI = "http://example.com/a/b?x=1";

    /** expected: "|"-separated URIs, "-" for none. */
    @ParameterizedTest(name = "[{index}] {0} {1} [{2}] -> {3}")
    @CsvSource(delimiter = ';', value = {
        "POST;   200; -;                                               " + URI,
        "PUT;    201; -;                                               " + URI,
        "DELETE; 204; -;                                               " + URI,
        "PATCH;  302; -;                                               " + URI,
        "FOO;    200; -;                                               " + URI,
        // §4.4: error responses and safe methods invalidate nothing
        "POST;   404; -;                                               -",
        "POST;   500; -;                                               -",
        "POST;   100; -;                                               -",
        "GET;    200; Location: /c;                                    -",
        "HEAD;   200; -;                                               -",
        "OPTIONS;200; -;                                               -",
        // Location and Content-Location, when same-origin; relative ones resolved
        "POST;   201; Location: /c;                                    " + URI + "|http://example.com/c",
        "POST;   201; Location: d;                                     " + URI + "|http://example.com/a/d",
        "POST;   200; Content-Location: http://EXAMPLE.com:80/e;       " + URI + "|http://EXAMPLE.com:80/e",
        "POST;   201; Location: /c | Content-Location: /e;             " + URI + "|http://example.com/c|http://example.com/e",
        "POST;   201; Location: http://other.com/c;                    " + URI,
        "POST;   201; Location: https://example.com/c;                 " + URI,
        "POST;   201; Location: http://example.com:8080/c;             " + URI,
        "POST;   201; Location: ::not a uri::;                         " + URI,
    })
    void rfc9111_4_4_unsafeMethodsInvalidate(String method, int status, String resp, String expected) {
        List<String> want = expected.equals("-") ? List.of() : Arrays.asList(expected.split("\\|"));
        assertThat(Invalidation.urlsToInvalidate(method, URI, status, H.f(resp))).isEqualTo(want);
    }

    @ParameterizedTest
    @CsvSource({"GET,false", "HEAD,false", "OPTIONS,false", "TRACE,false", "POST,true", "PROPFIND,true"})
    void rfc9110_9_2_1_unknownMethodsAreUnsafe(String method, boolean unsafe) {
        assertThat(Invalidation.isUnsafe(method)).isEqualTo(unsafe);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"/a/b; Location: /c; /a/b", "/a/b; Location: http://example.com/c; /a/b"})
    void aRelativeTargetCannotVouchForOtherUrls(String target, String resp, String expected) {
        assertThat(Invalidation.urlsToInvalidate("POST", target, 200, H.f(resp))).containsExactly(expected);
    }
}
