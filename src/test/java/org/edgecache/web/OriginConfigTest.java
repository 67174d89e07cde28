package org.edgecache.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class OriginConfigTest {
    private static OriginConfig config(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return OriginConfig.from(new Params("servlet 'origin'", m::get, k -> null));
    }

    @Test
    void defaultsAreJettysProxyServletDefaults() {
        OriginConfig c = config("proxyTo", "http://origin.example:8080/base/");
        assertThat(c.timeoutMillis()).isEqualTo(60_000);
        assertThat(c.idleTimeoutMillis()).isEqualTo(30_000);
        assertThat(c.maxConnections()).isEqualTo(256);
        assertThat(c.preserveHost()).isFalse();
        assertThat(c.prefix()).isEmpty();
        // not Jetty's: X-Forwarded-Host would tell the origin a Host the cache key leaves out (cache poisoning)
        assertThat(c.forwarded()).isEqualTo(OriginConfig.X_FORWARDED_FOR);
    }

    @Test
    void proxyToIsRequired() {
        assertThatThrownBy(() -> config()).hasMessageContaining("'proxyTo' is required");
    }

    @Test
    void prefixMustBeAPath() {
        assertThatThrownBy(() -> config("proxyTo", "http://o/", "prefix", "api")).hasMessageContaining("'prefix'");
        assertThat(config("proxyTo", "http://o/", "prefix", "/api/").prefix()).isEqualTo("/api");
    }

    @Test
    void anOriginOutsideTheWhiteListOrOnTheBlackListIsRefusedAtDeployment() {
        assertThatThrownBy(() -> config("proxyTo", "http://evil.example/", "whiteList", "good.example"))
                .hasMessageContaining("whiteList/blackList");
        assertThatThrownBy(() -> config("proxyTo", "http://evil.example:8080/", "blackList", "evil.example:8080"))
                .hasMessageContaining("whiteList/blackList");
        assertThat(config("proxyTo", "http://good.example/", "whiteList", "good.example:80").proxyTo())
                .hasHost("good.example");
    }

    @Test
    void forwardedModeIsOneOfThree() {
        assertThat(config("proxyTo", "http://o/", "forwarded", "RFC7239").forwarded()).isEqualTo("rfc7239");
        assertThatThrownBy(() -> config("proxyTo", "http://o/", "forwarded", "both")).hasMessageContaining("one of");
    }
}
