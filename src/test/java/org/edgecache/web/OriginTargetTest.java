package org.edgecache.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OriginTargetTest {
    @ParameterizedTest(name = "{0} ? {1} minus ''{2}'' onto ''{3}'' = {4}")
    @CsvSource(nullValues = "null", value = {
        "/a/b,      null,        '',     '',      /a/b",
        "/a/b,      x=1&y=%2F,   '',     '',      /a/b?x=1&y=%2F",
        "/,         null,        '',     '',      /",
        "/api/x,    q,           /api,   /base,   /base/x?q",
        "/api,      null,        /api,   '',      /",
        "/api,      null,        /api,   /base,   /base",
        "/apix,     null,        /api,   '',      null",
        "/other,    null,        /api,   '',      null",
        "/a%2Fb;c,  '',          '',     '',      /a%2Fb;c?",
    })
    void pathAndQueryAreKeptByteForByte(String uri, String query, String strip, String base, String expected) {
        assertThat(OriginTarget.path(uri, query, strip, base)).isEqualTo(expected);
    }
}
