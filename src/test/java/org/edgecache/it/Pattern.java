package org.edgecache.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Deterministic body bytes of any length, generated and checked as they stream (no large buffers). */
public final class Pattern {
    private Pattern() {
    }

    public static byte at(long offset) {
        return (byte) ((offset * 31) ^ (offset >>> 11) ^ (offset >>> 23));
    }

    public static void write(OutputStream out, long from, long length) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long pos = from;
        long end = from + length;
        while (pos < end) {
            int n = (int) Math.min(buf.length, end - pos);
            for (int i = 0; i < n; i++) {
                buf[i] = at(pos + i);
            }
            out.write(buf, 0, n);
            pos += n;
        }
    }

    public static byte[] bytes(long from, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = at(from + i);
        }
        return b;
    }

    /** Reads the stream to its end, checking every byte; returns the count, or throws at the first wrong byte. */
    public static long verify(InputStream in, long from) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long pos = from;
        for (int n; (n = in.read(buf)) >= 0; ) {
            for (int i = 0; i < n; i++) {
                if (buf[i] != at(pos + i)) {
                    throw new IOException("wrong byte at offset " + (pos + i));
                }
            }
            pos += n;
        }
        return pos - from;
    }

    /** An input stream of pattern bytes. */
    public static InputStream stream(long from, long length) {
        return new InputStream() {
            long pos = from;
            final long end = from + length;

            @Override
            public int read() {
                return pos < end ? at(pos++) & 0xFF : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (pos >= end) {
                    return -1;
                }
                int n = (int) Math.min(len, end - pos);
                for (int i = 0; i < n; i++) {
                    b[off + i] = at(pos + i);
                }
                pos += n;
                return n;
            }
        };
    }
}
