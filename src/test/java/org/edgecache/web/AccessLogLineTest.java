package org.edgecache.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.edgecache.policy.SquidCode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AccessLogLineTest {

    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of(1_732_259_400_123L, 2L, "127.0.0.1", SquidCode.TCP_HIT, 200, 1024L, "GET",
                        "http://cache.example/a.css", null, "text/css",
                        "1732259400.123 2 127.0.0.1 TCP_HIT/200 1024 GET http://cache.example/a.css - NONE/- text/css"),
                Arguments.of(1_732_259_400_007L, 153L, "::1", SquidCode.TCP_MISS, 200, 5L, "GET",
                        "http://c/x?a=1", "origin.example", "text/plain; charset=utf-8",
                        "1732259400.007 153 ::1 TCP_MISS/200 5 GET http://c/x?a=1 - DIRECT/origin.example"
                                + " text/plain;charset=utf-8"),
                Arguments.of(1_732_259_400_050L, 0L, "10.0.0.1", SquidCode.ERR_CONNECT_FAIL, 502, 77L, "GET",
                        "http://c/down", "127.0.0.1", null,
                        "1732259400.050 0 10.0.0.1 ERR_CONNECT_FAIL/502 77 GET http://c/down - DIRECT/127.0.0.1 -"),
                // a space, a control character and a non-ASCII character in the URL are %-encoded
                Arguments.of(1_000L, 1L, "127.0.0.1", SquidCode.TCP_REFRESH_HIT, 304, 0L, "GET",
                        "http://c/a b\tc\u00e9", null, "",
                        "1.000 1 127.0.0.1 TCP_REFRESH_HIT/304 0 GET http://c/a%20b%09c%C3%A9 - NONE/- -"),
                Arguments.of(0L, 0L, null, SquidCode.TCP_MISS, 200, 0L, "PURGE", "", null, null,
                        "0.000 0 - TCP_MISS/200 0 PURGE - - NONE/- -"));
    }

    @ParameterizedTest(name = "{10}")
    @MethodSource("lines")
    void squidFormat(long start, long elapsed, String client, SquidCode code, int status, long bytes, String method,
            String url, String host, String type, String expected) {
        assertThat(AccessLogLine.append(new StringBuilder(), start, elapsed, client, code, status, bytes, method, url,
                host, type).toString()).isEqualTo(expected);
    }
}
