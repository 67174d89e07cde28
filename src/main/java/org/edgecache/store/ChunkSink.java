package org.edgecache.store;

import java.io.IOException;

/** Receives body bytes from {@link ObjectStore#read}, one chunk (or part of one) per call, in order. */
@FunctionalInterface
public interface ChunkSink {
    /**
     * Called with {@code length} bytes starting at {@code data[offset]}. The array may be shared with the
     * cache's heap tier: read it, copy it or write it out, but never modify it, and do not keep it after
     * the call returns.
     */
    void accept(byte[] data, int offset, int length) throws IOException;
}
