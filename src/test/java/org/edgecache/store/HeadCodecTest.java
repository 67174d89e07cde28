package org.edgecache.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.edgecache.http.HttpFields;
import org.junit.jupiter.api.Test;

class HeadCodecTest {

    static Head stored(String variantKey, String id) {
        return Fixtures.head(variantKey).withBody(id, 123_456_789_012L, 1 << 20);
    }

    static List<Head> decode(byte[] b) throws HeadCodec.CorruptEntryException {
        return HeadCodec.decode(ByteBuffer.wrap(b));
    }

    @Test
    void roundTripsEveryField() throws Exception {
        Head a = new Head(206, HttpFields.of("Content-Type", "text/html; charset=\"utf-8\"", "Set-Cookie", "a=1",
                "Set-Cookie", "b=2", "X-Latin1", "caf\u00e9", "X-Unicode", "\u2603 \uD83D\uDE00", "X-Empty", ""),
                "gzip\u0000en", List.of("accept-encoding", "accept-language"), Instant.ofEpochSecond(-5, 1),
                Instant.parse("2100-12-31T23:59:59.999999999Z"), 0, 1, "id-a", Instant.ofEpochSecond(42));
        Head b = stored("", "id-b");
        List<Head> back = decode(HeadCodec.encode(List.of(a, b)));
        assertThat(back).containsExactly(a, b);
        assertThat(back.get(0).responseHeaders().getAll("set-cookie")).containsExactly("a=1", "b=2");
        assertThat(back.get(1).pinnedUntil()).isNull();
    }

    @Test
    void readsFromAnOffsetBufferWithoutMovingIt() throws Exception {
        byte[] enc = HeadCodec.encode(List.of(stored("x", "id")));
        ByteBuffer buf = ByteBuffer.allocate(enc.length + 10);
        buf.position(7);
        buf.put(enc);
        buf.position(7).limit(7 + enc.length);
        assertThat(HeadCodec.decode(buf)).hasSize(1);
        assertThat(buf.position()).isEqualTo(7);
    }

    @Test
    void everySingleBitFlipIsDetected() {
        byte[] enc = HeadCodec.encode(List.of(stored("gzip", "id-1"), stored("br", "id-2")));
        for (int i = 0; i < enc.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] bad = enc.clone();
                bad[i] ^= (byte) (1 << bit);
                int at = i;
                assertThatThrownBy(() -> decode(bad)).as("flip at byte %d", at)
                        .isInstanceOf(HeadCodec.CorruptEntryException.class);
            }
        }
    }

    @Test
    void truncationAndExtensionAreDetected() {
        byte[] enc = HeadCodec.encode(List.of(stored("gzip", "id-1")));
        for (int n = 0; n < enc.length; n++) {
            byte[] shorter = java.util.Arrays.copyOf(enc, n);
            assertThatThrownBy(() -> decode(shorter)).isInstanceOf(HeadCodec.CorruptEntryException.class);
        }
        byte[] longer = java.util.Arrays.copyOf(enc, enc.length + 1);
        assertThatThrownBy(() -> decode(longer)).isInstanceOf(HeadCodec.CorruptEntryException.class);
    }

    @Test
    void randomGarbageIsRejected() {
        Random r = new Random(1);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[r.nextInt(300)];
            r.nextBytes(junk);
            assertThatThrownBy(() -> decode(junk)).isInstanceOf(HeadCodec.CorruptEntryException.class);
        }
    }

    /** Re-seals a modified entry with a valid CRC, to reach the checks behind the checksum. */
    static byte[] resealed(byte[] enc) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(enc, 0, enc.length - 4);
        ByteBuffer.wrap(enc).putInt(enc.length - 4, (int) crc.getValue());
        return enc;
    }

    @Test
    void wellSealedButWrongMagicOrVersionIsRejected() {
        byte[] magic = HeadCodec.encode(List.of(stored("", "id")));
        magic[0] = 'X';
        assertThatThrownBy(() -> decode(resealed(magic))).hasMessageContaining("magic");
        byte[] future = HeadCodec.encode(List.of(stored("", "id")));
        future[4] = (byte) (HeadCodec.VERSION + 1);
        assertThatThrownBy(() -> decode(resealed(future))).hasMessageContaining("version");
        byte[] count = HeadCodec.encode(List.of(stored("", "id")));
        ByteBuffer.wrap(count).putInt(5, 0x7fffffff);
        assertThatThrownBy(() -> decode(resealed(count))).isInstanceOf(HeadCodec.CorruptEntryException.class);
    }

    @Test
    void headsAppendedByALaterVersionAreSkippedWithinTheirLength() throws Exception {
        // a later version may append fields to a head body: simulate 3 extra bytes in the one head
        byte[] enc = HeadCodec.encode(List.of(stored("v", "id")));
        ByteBuffer in = ByteBuffer.wrap(enc);
        int bodyLength = in.getInt(9);
        ByteBuffer out = ByteBuffer.allocate(enc.length + 3);
        out.put(enc, 0, 9).putInt(bodyLength + 3).put(enc, 13, bodyLength).put(new byte[] {9, 9, 9}).putInt(0);
        assertThat(decode(resealed(out.array()))).containsExactly(stored("v", "id"));
    }

    @Test
    void serializerTurnsBadBytesIntoAnUndecodableEntryThatRoundTrips() throws Exception {
        HeadsSerializer s = new HeadsSerializer();
        HeadsEntry good = new HeadsEntry.Alternates(List.of(stored("a", "id")));
        ByteBuffer enc = s.serialize(good);
        assertThat(s.read(enc.duplicate())).isEqualTo(good);
        assertThat(s.equals(good, enc.duplicate())).isTrue();

        HeadsEntry bad = s.read(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}));
        assertThat(bad).isInstanceOf(HeadsEntry.Undecodable.class);
        assertThat(((HeadsEntry.Undecodable) bad).reason()).isNotBlank();
        ByteBuffer again = s.serialize(bad);
        assertThat(again.remaining()).isEqualTo(4);
        assertThat(s.equals(bad, again)).isTrue();
        assertThat(s.equals(good, again)).isFalse();
    }

    @Test
    void encodedSizeIsExact() {
        Head odd = new Head(200, HttpFields.of("X-A", "caf\u00e9 \u2603 \uD83D\uDE00", "X-Lone", "a\uD800b\uDC00",
                "X-Empty", ""), "v\u00ff", List.of("accept"), Fixtures.T0, Fixtures.T0, 5, 7, "id\u00e9",
                Fixtures.T0);
        for (List<Head> heads : List.of(List.of(stored("", "x")), List.of(odd), List.of(odd, stored("b", "y")))) {
            assertThat(HeadCodec.encodedSize(heads)).isEqualTo(HeadCodec.encode(heads).length);
        }
    }

    @Test
    void onlyHeadsWithAnObjectIdAreEncoded() {
        assertThatThrownBy(() -> HeadCodec.encode(List.of(Fixtures.head(""))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
