package org.edgecache.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.edgecache.http.HttpFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChunkBuffersTest {
    private static final int CHUNK = 4096;

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"null,-1", "'',-1", "0,0", "1024,1024", "' 77 ',77", "-1,-1", "1e3,-1",
        "12a,-1", "99999999999999999999,-1"})
    void announcedLength(String value, long expected) {
        assertThat(ChunkBuffers.announcedLength(value)).isEqualTo(expected);
    }

    @Test
    void capacityFollowsTheAnnouncedRestUpToAChunk() {
        assertThat(ChunkBuffers.firstCapacity(CHUNK, 1024, 0)).isEqualTo(1024);
        assertThat(ChunkBuffers.firstCapacity(CHUNK, 10_000, 0)).isEqualTo(CHUNK);
        assertThat(ChunkBuffers.firstCapacity(CHUNK, 10_000, 8192)).isEqualTo(10_000 - 8192);
        assertThat(ChunkBuffers.firstCapacity(1 << 20, -1, 0)).isEqualTo(ChunkBuffers.UNKNOWN_START);
        assertThat(ChunkBuffers.firstCapacity(1 << 20, -1, 1 << 20)).isEqualTo(1 << 20);
        assertThat(ChunkBuffers.firstCapacity(CHUNK, 100, 100)).isEqualTo(CHUNK); // longer than announced
        assertThat(ChunkBuffers.grownCapacity(1 << 20, 16384)).isEqualTo(32768);
        assertThat(ChunkBuffers.grownCapacity(1 << 20, 700_000)).isEqualTo(1 << 20);
    }

    /** Bodies of every awkward size, announced right, too short, too long, not at all or garbled, read back whole. */
    @ParameterizedTest
    @CsvSource({"0", "1", "1000", "4095", "4096", "4097", "16385", "40000", "12293"})
    void everyBodyIsStoredByteForByteWhateverItsContentLengthSays(int size) throws Exception {
        byte[] body = Fixtures.body(size, size);
        for (String cl : new String[] {Integer.toString(size), Integer.toString(size / 2), Integer.toString(size + 5000),
            null, "garbage"}) {
            try (EhcacheObjectStore store = new EhcacheObjectStore(StoreConfig.defaults().withChunkSize(CHUNK + 64))) {
                int payload = store.config().chunkPayload();
                HttpFields fields = cl == null ? HttpFields.of("Cache-Control", "max-age=60")
                        : HttpFields.of("Cache-Control", "max-age=60", "Content-Length", cl);
                Head head = Head.of(200, fields, "", List.of(), Fixtures.T0, Fixtures.T0);
                StoredObject o = Fixtures.put(store, "/k", head, body, 3);
                assertThat(o.length()).isEqualTo(size);
                assertThat(Fixtures.read(store, o)).as("size %d, Content-Length %s, payload %d", size, cl, payload)
                        .isEqualTo(body);
            }
        }
    }
}
