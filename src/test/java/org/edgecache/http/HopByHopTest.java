package org.edgecache.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HopByHopTest {

    @ParameterizedTest
    @ValueSource(strings = {"Connection", "Keep-Alive", "Proxy-Authorization", "Proxy-Authenticate",
        "Proxy-Connection", "Transfer-Encoding", "TE", "Trailer", "Upgrade"})
    void rfc9110_7_6_1_fixedHopByHopFieldsAreRemoved(String name) {
        HttpFields in = HttpFields.of(name, "x", "Content-Type", "text/plain");
        assertThat(HopByHop.strip(in).names()).containsExactly("content-type");
    }

    @Test
    void rfc9110_7_6_1_fieldsNamedInConnectionAreRemoved() {
        HttpFields in = HttpFields.of("Connection", "close, X-Foo", "connection", "x-bar",
                "X-Foo", "1", "X-BAR", "2", "X-Baz", "3");
        assertThat(HopByHop.connectionTokens(in.getAll("Connection"))).containsExactly("close", "x-foo", "x-bar");
        assertThat(HopByHop.strip(in).names()).containsExactly("x-baz");
    }

    @Test
    void endToEndFieldsStay() {
        HttpFields in = HttpFields.of("Cache-Control", "max-age=1", "ETag", "\"1\"");
        assertThat(HopByHop.strip(in)).isEqualTo(in);
        assertThat(HopByHop.connectionTokens(List.of())).isEmpty();
    }
}
