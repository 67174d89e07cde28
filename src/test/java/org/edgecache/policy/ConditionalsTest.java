package org.edgecache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.edgecache.policy.Conditionals.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionalsTest {

    private static final String STORED = "ETag: \"v1\" | Last-Modified: @-100 | Date: @0";

    @ParameterizedTest(name = "[{index}] {0} [{1}] vs [{2}] = {3}")
    @CsvSource(delimiter = ';', value = {
        // no preconditions
        "GET;  -;                                             " + STORED + "; PROCEED",
        // §13.1.1 If-Match: strong comparison, * matches any stored representation
        "PUT;  If-Match: \"v1\";                              " + STORED + "; PROCEED",
        "PUT;  If-Match: \"v0\", \"v1\";                      " + STORED + "; PROCEED",
        "PUT;  If-Match: \"v2\";                              " + STORED + "; PRECONDITION_FAILED",
        "PUT;  If-Match: W/\"v1\";                            " + STORED + "; PRECONDITION_FAILED",
        "GET;  If-Match: \"v1\";  ETag: W/\"v1\";                           PRECONDITION_FAILED",
        "PUT;  If-Match: *;                                   " + STORED + "; PROCEED",
        "GET;  If-Match: \"v1\";  Last-Modified: @-100;                     PRECONDITION_FAILED",
        // §13.1.4 If-Unmodified-Since, only without If-Match; ignored without Last-Modified or if invalid
        "PUT;  If-Unmodified-Since: @-100;                    " + STORED + "; PROCEED",
        "PUT;  If-Unmodified-Since: @-101;                    " + STORED + "; PRECONDITION_FAILED",
        "PUT;  If-Match: \"v1\" | If-Unmodified-Since: @-101; " + STORED + "; PROCEED",
        "PUT;  If-Unmodified-Since: @-101;                    ETag: \"v1\"; PROCEED",
        "PUT;  If-Unmodified-Since: yesterday;                " + STORED + "; PROCEED",
        // §13.1.2 If-None-Match: weak comparison; GET/HEAD -> 304, others -> 412
        "GET;  If-None-Match: \"v1\";                         " + STORED + "; NOT_MODIFIED",
        "HEAD; If-None-Match: W/\"v1\";                       " + STORED + "; NOT_MODIFIED",
        "GET;  If-None-Match: \"v0\", W/\"v1\";               " + STORED + "; NOT_MODIFIED",
        "GET;  If-None-Match: \"v1\";  ETag: W/\"v1\";                      NOT_MODIFIED",
        "GET;  If-None-Match: \"v2\";                         " + STORED + "; PROCEED",
        "GET;  If-None-Match: *;                              " + STORED + "; NOT_MODIFIED",
        "PUT;  If-None-Match: *;                              " + STORED + "; PRECONDITION_FAILED",
        "DELETE; If-None-Match: \"v1\";                       " + STORED + "; PRECONDITION_FAILED",
        // §13.1.3 If-Modified-Since: only without If-None-Match, only GET/HEAD
        "GET;  If-Modified-Since: @-100;                      " + STORED + "; NOT_MODIFIED",
        "GET;  If-Modified-Since: @-50;                       " + STORED + "; NOT_MODIFIED",
        "GET;  If-Modified-Since: @-101;                      " + STORED + "; PROCEED",
        "GET;  If-None-Match: \"v2\" | If-Modified-Since: @-50; " + STORED + "; PROCEED",
        "POST; If-Modified-Since: @-50;                       " + STORED + "; PROCEED",
        "GET;  If-Modified-Since: not a date;                 " + STORED + "; PROCEED",
        // RFC 9111 §4.3.2: without Last-Modified the cache compares with Date; with neither, send it all
        "GET;  If-Modified-Since: @0;                         Date: @0;     NOT_MODIFIED",
        "GET;  If-Modified-Since: @-1;                        Date: @0;     PROCEED",
        "GET;  If-Modified-Since: @0;                         ETag: \"v1\"; PROCEED",
        // §13.1.1 order: If-Match failure wins over a matching If-None-Match
        "GET;  If-Match: \"v2\" | If-None-Match: \"v1\";      " + STORED + "; PRECONDITION_FAILED",
    })
    void rfc9110_13_2_2_preconditionsInOrder(String method, String req, String stored, Outcome expected) {
        assertThat(Conditionals.evaluate(method, H.f(req), H.f(stored))).isEqualTo(expected);
    }

    @Test
    void rfc9110_13_2_1_preconditionsAreIgnoredWhenTheResponseWouldNotBe2xx() {
        assertThat(Conditionals.evaluate("GET", H.f("If-None-Match: *"), 404, H.f(STORED))).isEqualTo(Outcome.PROCEED);
        assertThat(Conditionals.evaluate("GET", H.f("If-None-Match: *"), 204, H.f(STORED))).isEqualTo(Outcome.NOT_MODIFIED);
    }

    @Test
    void rfc9111_4_3_2_originOnlyPreconditionsAreRecognised() {
        assertThat(Conditionals.hasOriginOnlyPreconditions(H.f("If-Match: *"))).isTrue();
        assertThat(Conditionals.hasOriginOnlyPreconditions(H.f("If-Unmodified-Since: @0"))).isTrue();
        assertThat(Conditionals.hasOriginOnlyPreconditions(H.f("If-None-Match: *"))).isFalse();
        assertThat(Conditionals.hasPreconditions(H.f("If-Modified-Since: @0"))).isTrue();
        assertThat(Conditionals.hasPreconditions(H.f("Range: bytes=0-1"))).isFalse();
    }

    @ParameterizedTest(name = "[{index}] If-Range: {0} vs [{1}] = {2}")
    @CsvSource(delimiter = ';', value = {
        "\"v1\";    ETag: \"v1\";                             true",
        "\"v2\";    ETag: \"v1\";                             false",
        "W/\"v1\";  ETag: W/\"v1\";                           false",
        "\"v1\";    ETag: W/\"v1\";                           false",
        "\"v1\";    -;                                        false",
        // §8.8.2.2: Last-Modified is strong only if Date is at least one second later
        "@-100;     Last-Modified: @-100 | Date: @0;          true",
        "@-100;     Last-Modified: @-100 | Date: @-99;        true",
        "@-100;     Last-Modified: @-100 | Date: @-100;       false",
        "@-100;     Last-Modified: @-100;                     false",
        "@-99;      Last-Modified: @-100 | Date: @0;          false",
        "garbage;   Last-Modified: @-100 | Date: @0;          false",
    })
    void rfc9110_13_1_5_ifRangeNeedsAStrongValidatorMatch(String ifRange, String stored, boolean matches) {
        String value = ifRange.startsWith("@") ? H.f("X: " + ifRange).get("X") : ifRange;
        assertThat(Conditionals.ifRangeMatches(value, H.f(stored))).isEqualTo(matches);
    }

    @Test
    void ifRangeAbsentDoesNotMatch() {
        assertThat(Conditionals.ifRangeMatches(null, H.f(STORED))).isFalse();
    }
}
