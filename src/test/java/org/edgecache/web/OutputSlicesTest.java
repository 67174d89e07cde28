package org.edgecache.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class OutputSlicesTest {
    /** Records the length of every write call. */
    private static final class Recording extends ByteArrayOutputStream {
        final List<Integer> writes = new ArrayList<>();

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes.add(len);
            super.write(b, off, len);
        }
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    @Test
    void aWholeChunkGoesOutInSlicesInOrder() throws IOException {
        byte[] chunk = bytes((1 << 20) + 17);
        Recording out = new Recording();
        OutputSlices.to(out).accept(chunk, 0, chunk.length);
        assertThat(out.toByteArray()).isEqualTo(chunk);
        assertThat(out.writes).hasSize(17).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(OutputSlices.SLICE));
        assertThat(out.writes.get(16)).isEqualTo(17);
    }

    @Test
    void aPartOfAChunkIsWrittenFromItsOffset() throws IOException {
        byte[] chunk = bytes(300_000);
        Recording out = new Recording();
        OutputSlices.write(out, chunk, 1000, 200_000);
        assertThat(out.toByteArray()).isEqualTo(Arrays.copyOfRange(chunk, 1000, 201_000));
        assertThat(out.writes).containsExactly(65536, 65536, 65536, 3392);
    }

    @Test
    void smallAndEmptyPiecesAreOneWriteOrNone() throws IOException {
        Recording out = new Recording();
        OutputSlices.write(out, bytes(10), 2, 5);
        OutputSlices.write(out, bytes(10), 10, 0);
        assertThat(out.writes).containsExactly(5);
    }
}
