package org.edgecache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClusterConfigTest {

    @Test
    void withoutAUriThereIsNoClusteredTier() {
        assertThat(ClusterConfig.fromParameters(name -> null)).isNull();
        assertThat(ClusterConfig.fromParameters(Map.of(ClusterConfig.PARAM_URI, " none ")::get)).isNull();
    }

    @Test
    void theOtherKnobsWithoutAUriFailNamingBoth() {
        assertThatThrownBy(() -> ClusterConfig.fromParameters(Map.of(ClusterConfig.PARAM_SIZE, "64m")::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(ClusterConfig.PARAM_SIZE)
                .hasMessageContaining(ClusterConfig.PARAM_URI);
    }

    @Test
    void defaults() {
        ClusterConfig c = ClusterConfig.fromParameters(
                Map.of(ClusterConfig.PARAM_URI, "terracotta://127.0.0.1:9410/edgecache")::get);
        assertThat(c).isEqualTo(ClusterConfig.of(URI.create("terracotta://127.0.0.1:9410/edgecache")));
        assertThat(c.poolBytes()).isEqualTo(256L << 20);
        assertThat(c.serverResource()).isEqualTo("main");
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.lease()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void readsEveryParameter() {
        ClusterConfig c = ClusterConfig.fromParameters(Map.of(
                ClusterConfig.PARAM_URI, " terracotta://tc.example:9510/shared-1 ",
                ClusterConfig.PARAM_SIZE, "1g",
                ClusterConfig.PARAM_RESOURCE, "offheap-2",
                ClusterConfig.PARAM_TIMEOUT, "250ms",
                ClusterConfig.PARAM_CONNECT_TIMEOUT, "30s",
                ClusterConfig.PARAM_LEASE, "2m")::get);
        assertThat(c).isEqualTo(new ClusterConfig(URI.create("terracotta://tc.example:9510/shared-1"), 1L << 30,
                "offheap-2", Duration.ofMillis(250), Duration.ofSeconds(30), Duration.ofMinutes(2)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:9410/edgecache", "terracotta://127.0.0.1:9410",
        "terracotta://127.0.0.1:9410/", "terracotta://127.0.0.1:9410/a/b", "terracotta:///edgecache",
        "terracotta://user@127.0.0.1:9410/edgecache", "terracotta://127.0.0.1:9410/edge cache",
        "terracotta://127.0.0.1:9410/edgecache?x=1", "terracotta://127.0.0.1:99999/edgecache", "not a uri"})
    void badUrisFailNamingParameterValueAndForm(String uri) {
        assertThatThrownBy(() -> ClusterConfig.fromParameters(Map.of(ClusterConfig.PARAM_URI, uri)::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(ClusterConfig.PARAM_URI)
                .hasMessageContaining(uri)
                .hasMessageContaining("terracotta://host[:port]/name");
    }

    @ParameterizedTest
    @CsvSource({"edgecache.store.cluster-size, 1m, at least 4m",
        "edgecache.store.cluster-size, lots, is not a size",
        "edgecache.store.cluster-resource, 'a b', is not a resource name",
        "edgecache.store.cluster-timeout, 5ms, from 10ms to 300s",
        "edgecache.store.cluster-timeout, soon, is not a duration",
        "edgecache.store.cluster-connect-timeout, 11m, from 100ms to 600s",
        "edgecache.store.cluster-lease, 500ms, from 1s to 86400s",
        "edgecache.store.cluster-lease, -1s, is not a duration"})
    void badKnobsFailNamingTheParameterAndWhatIsAllowed(String parameter, String value, String allowed) {
        Map<String, String> p = Map.of(ClusterConfig.PARAM_URI, "terracotta://127.0.0.1:9410/edgecache",
                parameter, value);
        assertThatThrownBy(() -> ClusterConfig.fromParameters(p::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(parameter)
                .hasMessageContaining(allowed);
    }

    @ParameterizedTest
    @CsvSource({"500ms, 500", "500, 500", "2s, 2000", "2S, 2000", "1m, 60000", "1h, 3600000", "' 3s ', 3000"})
    void parsesDurations(String text, long millis) {
        assertThat(ClusterConfig.duration("p", text, null)).isEqualTo(Duration.ofMillis(millis));
    }
}
