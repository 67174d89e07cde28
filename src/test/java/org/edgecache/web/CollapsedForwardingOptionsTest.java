package org.edgecache.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CollapsedForwardingOptionsTest {
    private static CollapsedForwardingFilter.CollapsedForwardingOptions options(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return CollapsedForwardingFilter.CollapsedForwardingOptions.from(new Params("filter 'collapse'", m::get,
                k -> null));
    }

    @ParameterizedTest(name = "pparam ''{0}'' → delay {1}, retries {2}")
    @CsvSource({
        "'',                        500, 5",
        "--delay=200,               200, 5",
        "--delay 200 --retries 3,   200, 3",
        "-d 200 -r 3,               200, 3",
        "-d200 -r=3,                200, 3",
        "--retries=0,               500, 0",
    })
    void longAndShortOptionsBothWork(String pparam, long delay, int retries) {
        CollapsedForwardingFilter.CollapsedForwardingOptions o = options("pparam", pparam);
        assertThat(o.delayMillis()).isEqualTo(delay);
        assertThat(o.retries()).isEqualTo(retries);
    }

    @Test
    void initParamsNamedAfterTheLongOptionsWorkToo() {
        assertThat(options("delay", "50", "retries", "2").maxWait()).hasMillis(100);
    }

    @ParameterizedTest
    @CsvSource({"--dely=5", "-x 1", "delay=5", "--delay=soon"})
    void unknownOrBadOptionsFailTheDeploymentNamingThem(String pparam) {
        assertThatThrownBy(() -> options("pparam", pparam)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("filter 'collapse'");
    }
}
