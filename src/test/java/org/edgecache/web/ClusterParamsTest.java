package org.edgecache.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.edgecache.store.ClusterConfig;
import org.edgecache.store.StoreConfig;
import org.junit.jupiter.api.Test;

/** What the listener makes of the store's context-params when a clustered tier is configured. */
class ClusterParamsTest {
    private final Map<String, String> given = new HashMap<>();

    private Params params() {
        return new Params("context-param", given::get, name -> null);
    }

    @Test
    void withAClusterTheStoreHasNoDiskTierAndIgnoresTheDirectory() {
        given.put(StoreConfig.PARAM_DIRECTORY, "/var/cache/edgecache");
        given.put(StoreConfig.PARAM_HEAP_ENTRIES, "500");
        StoreConfig c = EdgeCacheListener.storeConfig(params(), null, true);
        assertThat(c.directory()).isNull();
        assertThat(c.diskBytes()).isZero();
        assertThat(c.heapEntries()).isEqualTo(500);
    }

    @Test
    void aDiskSizeOfZeroIsAllowed() {
        given.put(StoreConfig.PARAM_DISK, "0");
        assertThat(EdgeCacheListener.storeConfig(params(), null, true).diskBytes()).isZero();
    }

    @Test
    void aDiskTierWithAClusterFailsNamingBothParameters() {
        given.put(StoreConfig.PARAM_DISK, "1g");
        assertThatThrownBy(() -> EdgeCacheListener.storeConfig(params(), null, true))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(StoreConfig.PARAM_DISK + "=1g")
                .hasMessageContaining(ClusterConfig.PARAM_URI);
    }

    @Test
    void aBadClusterKnobFailsAsAContextParam() {
        given.put(ClusterConfig.PARAM_URI, "http://127.0.0.1:9410/edgecache");
        assertThatThrownBy(() -> EdgeCacheListener.clusterConfig(params()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("context-param " + ClusterConfig.PARAM_URI
                        + "=\"http://127.0.0.1:9410/edgecache\"");
    }

    @Test
    void noUriNoCluster() {
        assertThat(EdgeCacheListener.clusterConfig(params())).isNull();
    }
}
