package org.edgecache.web;

import java.io.IOException;
import java.io.OutputStream;

import org.edgecache.store.ChunkSink;

/**
 * Hands stored chunks to the servlet output stream in slices of at most {@link #SLICE} bytes.
 *
 * <p>A container writes a heap array to its socket through a direct buffer that the JDK fills with a copy of
 * everything still to be written; when the socket takes only part of it (a client slower than memory), the rest is
 * copied again on the next attempt, and the JDK caches a direct buffer as large as the largest write on each thread.
 * A whole 1 MiB chunk written at once therefore costs many copies of the same bytes and leaves 1 MiB of native
 * memory behind on every container thread that ever served one; 64 KiB slices keep that to one copy per byte (the
 * one a heap array always costs) and 64 KiB per thread.
 */
final class OutputSlices {
    /** Bytes per write call. */
    static final int SLICE = 64 * 1024;

    private OutputSlices() {
    }

    /** A sink that writes what it is given to {@code out}, slice by slice. */
    static ChunkSink to(OutputStream out) {
        return (data, offset, length) -> write(out, data, offset, length);
    }

    static void write(OutputStream out, byte[] data, int offset, int length) throws IOException {
        for (int end = offset + length; offset < end; offset += SLICE) {
            out.write(data, offset, Math.min(SLICE, end - offset));
        }
    }
}
