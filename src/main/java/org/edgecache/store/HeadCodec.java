package org.edgecache.store;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.edgecache.http.HttpFields;

/**
 * The on-disk format of a heads-cache value (a key's alternates). Big-endian throughout:
 *
 * <pre>
 * entry  := magic:u32 "ECHD" | version:u8 | count:u32 | head{count} | crc32:u32 (over everything before it)
 * head   := length:u32 | body[length]
 * body (version 1) :=
 *     objectId:str | status:u32 | variantKey:str | varyCount:u32 str{varyCount}
 *     | fieldCount:u32 (name:str value:str){fieldCount}
 *     | requestTime:instant | responseTime:instant | bodyLength:i64 | chunkSize:u32
 *     | hasPin:u8 [pinnedUntil:instant]
 * str     := byteLength:u32 | UTF-8 bytes
 * instant := epochSecond:i64 | nano:u32
 * </pre>
 *
 * Each head is length-prefixed, so a later version can append fields to the body: a reader skips what it does
 * not know, and decodes older bodies by giving the fields they lack their defaults. An entry whose version is
 * newer than {@link #VERSION} is unreadable (after a downgrade it reads as absent, never as wrong).
 */
final class HeadCodec {
    static final int MAGIC = 0x45434844; // "ECHD"
    static final byte VERSION = 1;
    private static final int MAX_ALTERNATES = 1 << 16;

    private HeadCodec() {
    }

    /** The stored bytes are not a valid entry. */
    static final class CorruptEntryException extends Exception {
        private static final long serialVersionUID = 1L;

        CorruptEntryException(String message) {
            super(message);
        }
    }

    /** Size of {@link #encode} for these heads, without building the entry. */
    static int encodedSize(List<Head> heads) {
        int size = 4 + 1 + 4 + 4;
        for (Head h : heads) {
            size += 4 + bodySize(h);
        }
        return size;
    }

    private static int bodySize(Head h) {
        int size = str(h.objectId()) + 4 + str(h.variantKey()) + 4 + 4 + 12 + 12 + 8 + 4 + 1;
        for (String name : h.varyFieldNames()) {
            size += str(name);
        }
        for (HttpFields.Field f : h.responseHeaders()) {
            size += str(f.name()) + str(f.value());
        }
        return h.pinnedUntil() == null ? size : size + 12;
    }

    private static int str(String s) {
        int n = 4;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n += 1; // a lone surrogate is encoded as '?'
            } else {
                n += 3;
            }
        }
        return n;
    }

    static byte[] encode(List<Head> heads) {
        Out out = new Out(256 * Math.max(1, heads.size()));
        out.i32(MAGIC);
        out.u8(VERSION);
        out.i32(heads.size());
        for (Head h : heads) {
            Out body = new Out(256);
            writeBody(body, h);
            out.i32(body.size());
            out.bytes(body.toByteArray());
        }
        CRC32 crc = new CRC32();
        crc.update(out.buffer(), 0, out.size());
        out.i32((int) crc.getValue());
        return out.toByteArray();
    }

    private static void writeBody(Out o, Head h) {
        if (h.objectId() == null) {
            throw new IllegalArgumentException("only heads with an objectId are stored");
        }
        o.str(h.objectId());
        o.i32(h.status());
        o.str(h.variantKey());
        o.i32(h.varyFieldNames().size());
        for (String name : h.varyFieldNames()) {
            o.str(name);
        }
        o.i32(h.responseHeaders().size());
        for (HttpFields.Field f : h.responseHeaders()) {
            o.str(f.name());
            o.str(f.value());
        }
        o.instant(h.requestTime());
        o.instant(h.responseTime());
        o.i64(h.length());
        o.i32(h.chunkSize());
        if (h.pinnedUntil() == null) {
            o.u8(0);
        } else {
            o.u8(1);
            o.instant(h.pinnedUntil());
        }
    }

    static List<Head> decode(ByteBuffer source) throws CorruptEntryException {
        ByteBuffer in = source.duplicate();
        int total = in.remaining();
        if (total < 13) {
            throw new CorruptEntryException("too short (" + total + " bytes)");
        }
        int start = in.position();
        CRC32 crc = new CRC32();
        ByteBuffer covered = in.duplicate();
        covered.limit(start + total - 4);
        crc.update(covered);
        int storedCrc = in.getInt(start + total - 4);
        if ((int) crc.getValue() != storedCrc) {
            throw new CorruptEntryException("checksum mismatch");
        }
        in.limit(start + total - 4);
        try {
            if (in.getInt() != MAGIC) {
                throw new CorruptEntryException("bad magic number");
            }
            byte version = in.get();
            if (version < 1 || version > VERSION) {
                throw new CorruptEntryException("unknown format version " + version);
            }
            int count = in.getInt();
            if (count < 1 || count > MAX_ALTERNATES) {
                throw new CorruptEntryException("bad alternate count " + count);
            }
            List<Head> heads = new ArrayList<>(Math.min(count, 16));
            for (int i = 0; i < count; i++) {
                int length = in.getInt();
                if (length < 0 || length > in.remaining()) {
                    throw new CorruptEntryException("head " + i + " overruns the entry");
                }
                ByteBuffer body = in.slice();
                body.limit(length);
                in.position(in.position() + length);
                heads.add(readBody(body));
            }
            if (in.hasRemaining()) {
                throw new CorruptEntryException(in.remaining() + " trailing bytes");
            }
            return heads;
        } catch (BufferUnderflowException | IllegalArgumentException | DateTimeException e) {
            throw new CorruptEntryException("malformed: " + e);
        }
    }

    private static Head readBody(ByteBuffer in) throws CorruptEntryException {
        String objectId = str(in);
        int status = in.getInt();
        String variantKey = str(in);
        int varyCount = count(in, 4);
        List<String> vary = new ArrayList<>(varyCount);
        for (int i = 0; i < varyCount; i++) {
            vary.add(str(in));
        }
        int fieldCount = count(in, 8);
        HttpFields.Builder fields = HttpFields.builder();
        for (int i = 0; i < fieldCount; i++) {
            String name = str(in);
            fields.add(name, str(in));
        }
        Instant requestTime = instant(in);
        Instant responseTime = instant(in);
        long length = in.getLong();
        int chunkSize = in.getInt();
        Instant pinnedUntil = in.get() == 0 ? null : instant(in);
        if (length < 0 || chunkSize < 1) {
            throw new CorruptEntryException("bad body length " + length + " or chunk size " + chunkSize);
        }
        // fields appended by later versions follow here; this reader ignores them
        return new Head(status, fields.build(), variantKey, vary, requestTime, responseTime, length, chunkSize,
                objectId, pinnedUntil);
    }

    /** A count of items of at least {@code minItemBytes} each that must fit in what is left. */
    private static int count(ByteBuffer in, int minItemBytes) throws CorruptEntryException {
        int n = in.getInt();
        if (n < 0 || (long) n * minItemBytes > in.remaining()) {
            throw new CorruptEntryException("bad count " + n);
        }
        return n;
    }

    private static String str(ByteBuffer in) throws CorruptEntryException {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new CorruptEntryException("bad string length " + n);
        }
        byte[] b = new byte[n];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static Instant instant(ByteBuffer in) {
        long seconds = in.getLong();
        int nanos = in.getInt();
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** A growable big-endian output buffer. */
    private static final class Out extends ByteArrayOutputStream {
        Out(int size) {
            super(size);
        }

        byte[] buffer() {
            return buf;
        }

        void u8(int v) {
            write(v);
        }

        void i32(int v) {
            write(v >>> 24);
            write(v >>> 16);
            write(v >>> 8);
            write(v);
        }

        void i64(long v) {
            i32((int) (v >>> 32));
            i32((int) v);
        }

        void bytes(byte[] b) {
            write(b, 0, b.length);
        }

        void str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            i32(b.length);
            bytes(b);
        }

        void instant(Instant t) {
            i64(t.getEpochSecond());
            i32(t.getNano());
        }
    }
}
