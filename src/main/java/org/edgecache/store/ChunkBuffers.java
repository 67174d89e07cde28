package org.edgecache.store;

/**
 * How large a writer's chunk buffer is. A writer used to take a whole chunk (1 MiB by default) for every object, a
 * 1 KiB one too, and copy the last, partial chunk out of it again. Now the buffer of a chunk is as large as what
 * the response's Content-Length says is still to come (at most a chunk), so an announced body is stored without a
 * spare byte or a second copy; without a length the first chunk starts at {@link #UNKNOWN_START} bytes and doubles
 * as it fills, and the chunks after it take the whole chunk size at once.
 */
final class ChunkBuffers {
    /** First buffer for a body of unknown length. */
    static final int UNKNOWN_START = 16 * 1024;

    private ChunkBuffers() {
    }

    /** The Content-Length value as a length, or -1 when absent or not a plain non-negative number. */
    static long announcedLength(String contentLength) {
        if (contentLength == null) {
            return -1;
        }
        String v = contentLength.trim();
        if (v.isEmpty() || v.length() > 18) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /**
     * Payload capacity of a new chunk buffer.
     *
     * @param written body bytes written before this chunk
     */
    static int firstCapacity(int chunkSize, long announced, long written) {
        long rest = announced - written;
        if (announced >= 0 && rest > 0) {
            return (int) Math.min(chunkSize, rest);
        }
        // no length, or the body is already longer than announced (it will not be committed): grow as it comes
        return written == 0 ? Math.min(chunkSize, UNKNOWN_START) : chunkSize;
    }

    /** Payload capacity after a buffer of {@code capacity} bytes filled before its chunk did. */
    static int grownCapacity(int chunkSize, int capacity) {
        return (int) Math.min(chunkSize, Math.max(UNKNOWN_START, 2L * capacity));
    }
}
