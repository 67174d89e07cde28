package org.edgecache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StoreConfigTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"1048576, 1048576", "64k, 65536", "64K, 65536", "512m, 536870912", "2g, 2147483648",
        "1t, 1099511627776", "0, 0", "' 8m ', 8388608"})
    void parsesSizes(String text, long bytes) {
        assertThat(StoreConfig.parseSize("p", text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "m", "12x", "1.5g", "-1", "1 g", "1kb", "0x10", "99999999999999999999",
        "9999999999999999t"})
    void rejectsNonSizesNamingTheParameter(String text) {
        assertThatThrownBy(() -> StoreConfig.parseSize(StoreConfig.PARAM_DISK, text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(StoreConfig.PARAM_DISK)
                .hasMessageContaining(text);
    }

    @Test
    void defaultsAreHeapOnly() {
        StoreConfig c = StoreConfig.fromParameters(name -> null);
        assertThat(c).isEqualTo(StoreConfig.defaults());
        assertThat(c.directory()).isNull();
        assertThat(c.diskBytes()).isZero();
        assertThat(c.chunkSize()).isEqualTo(1 << 20);
        assertThat(c.heapEntries()).isEqualTo(10_000);
        assertThat(c.chunkHeapEntries()).isEqualTo(16);
    }

    @Test
    void readsEveryParameter() {
        Map<String, String> p = Map.of(
                "edgecache.store.directory", tmp.toString(),
                "edgecache.store.heap-entries", "500",
                "edgecache.store.chunk-heap-entries", " 32 ",
                "edgecache.store.offheap", "64m",
                "edgecache.store.disk", "2g",
                "edgecache.store.chunk-size", "512k");
        StoreConfig c = StoreConfig.fromParameters(p::get);
        assertThat(c).isEqualTo(new StoreConfig(tmp, 500, 32, 64L << 20, 2L << 30, 512 << 10));
        assertThat(c.headsDiskBytes() + c.chunksDiskBytes()).isEqualTo(2L << 30);
    }

    @Test
    void thePinnedPoolIsSizedByItsOwnParameters() {
        StoreConfig d = StoreConfig.defaults();
        assertThat(d.pinnedEntries()).isEqualTo(1000);
        assertThat(d.pinnedBytes()).isEqualTo(64L << 20);
        assertThat(d.pinnedChunks()).isEqualTo(64);
        StoreConfig c = StoreConfig.fromParameters(Map.of("edgecache.store.pinned-entries", "20",
                "edgecache.store.pinned-size", "3m", "edgecache.store.chunk-size", "1m")::get);
        assertThat(c.pinnedEntries()).isEqualTo(20);
        assertThat(c.pinnedChunks()).isEqualTo(3);
        assertThat(c.pinning()).isTrue();
        assertThat(StoreConfig.fromParameters(Map.of("edgecache.store.pinned-size", "0")::get).pinning()).isFalse();
        assertThatThrownBy(() -> StoreConfig.fromParameters(Map.of("edgecache.store.pinned-size", "64k")::get))
                .hasMessageContaining("edgecache.store.pinned-size").hasMessageContaining("smaller than one chunk");
        assertThatThrownBy(() -> StoreConfig.fromParameters(Map.of("edgecache.store.pinned-entries", "0")::get))
                .hasMessageContaining("edgecache.store.pinned-entries");
    }

    @Test
    void chunksLeaveRoomForTheEntryOverhead() {
        StoreConfig c = StoreConfig.defaults();
        assertThat(c.chunkPayload()).isEqualTo((1 << 20) - StoreConfig.CHUNK_RESERVE);
        assertThat(c.withChunkSize(1024).chunkPayload()).isEqualTo(768);
    }

    @Test
    void directoryAloneGetsTheDefaultDisk() {
        StoreConfig c = StoreConfig.fromParameters(Map.of("edgecache.store.directory", tmp.toString())::get);
        assertThat(c.diskBytes()).isEqualTo(StoreConfig.DEFAULT_DISK);
    }

    @Test
    void blankMeansUnset() {
        assertThat(StoreConfig.fromParameters(Map.of("edgecache.store.directory", "  ", "edgecache.store.offheap",
                "")::get)).isEqualTo(StoreConfig.defaults());
    }

    @Test
    void diskWithoutDirectoryIsRejected() {
        assertThatThrownBy(() -> StoreConfig.fromParameters(Map.of("edgecache.store.disk", "1g")::get))
                .hasMessageContaining("edgecache.store.disk").hasMessageContaining("edgecache.store.directory");
    }

    @Test
    void eachBadValueNamesItsParameter() {
        assertBad(Map.of("edgecache.store.heap-entries", "0"), "edgecache.store.heap-entries");
        assertBad(Map.of("edgecache.store.heap-entries", "lots"), "edgecache.store.heap-entries");
        assertBad(Map.of("edgecache.store.chunk-heap-entries", "-3"), "edgecache.store.chunk-heap-entries");
        assertBad(Map.of("edgecache.store.offheap", "huge"), "edgecache.store.offheap");
        assertBad(Map.of("edgecache.store.chunk-size", "0"), "edgecache.store.chunk-size");
        assertBad(Map.of("edgecache.store.chunk-size", "1023"), "edgecache.store.chunk-size");
        assertBad(Map.of("edgecache.store.chunk-size", "65m"), "edgecache.store.chunk-size");
        assertBad(Map.of("edgecache.store.chunk-size", "3g"), "edgecache.store.chunk-size");
        assertBad(Map.of("edgecache.store.offheap", "1m"), "edgecache.store.offheap"); // < 8 chunks of 1m
        assertBad(Map.of("edgecache.store.directory", tmp.toString(), "edgecache.store.disk", "4m"),
                "edgecache.store.disk");
        assertBad(Map.of("edgecache.store.directory", tmp.toString(), "edgecache.store.disk", "0"),
                "edgecache.store.disk");
        assertBad(Map.of("edgecache.store.directory", tmp.toString(), "edgecache.store.disk", "64m",
                "edgecache.store.offheap", "64m"), "edgecache.store.offheap");
    }

    @Test
    void directoryThatIsAFileIsRejected() throws Exception {
        Path file = Files.createFile(tmp.resolve("file"));
        assertBad(Map.of("edgecache.store.directory", file.toString()), "edgecache.store.directory");
    }

    @Test
    void storeValidatesItsConfig() {
        StoreConfig bad = StoreConfig.defaults().withPersistence(null, 1 << 30);
        assertThatThrownBy(() -> new EhcacheObjectStore(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("edgecache.store.directory");
    }

    private static void assertBad(Map<String, String> params, String parameter) {
        assertThatThrownBy(() -> StoreConfig.fromParameters(params::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(parameter);
    }
}
