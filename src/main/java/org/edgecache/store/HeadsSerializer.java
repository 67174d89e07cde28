package org.edgecache.store;

import java.nio.ByteBuffer;
import org.ehcache.spi.serialization.Serializer;

/**
 * Ehcache serializer for the heads cache, using {@link HeadCodec}. Reading never throws: bytes that fail the
 * codec's checks come back as {@link HeadsEntry.Undecodable}, which the store reports, counts and removes
 * (throwing would hand the entry to Ehcache's resilience strategy, which drops it silently).
 */
final class HeadsSerializer implements Serializer<HeadsEntry> {

    @Override
    public ByteBuffer serialize(HeadsEntry entry) {
        if (entry instanceof HeadsEntry.Alternates alternates) {
            return ByteBuffer.wrap(HeadCodec.encode(alternates.heads()));
        }
        return ByteBuffer.wrap(((HeadsEntry.Undecodable) entry).bytes());
    }

    @Override
    public HeadsEntry read(ByteBuffer binary) {
        return decode(binary);
    }

    static HeadsEntry decode(ByteBuffer binary) {
        try {
            return new HeadsEntry.Alternates(HeadCodec.decode(binary));
        } catch (HeadCodec.CorruptEntryException | IllegalArgumentException e) {
            ByteBuffer copy = binary.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return new HeadsEntry.Undecodable(bytes, e.getMessage());
        }
    }

    @Override
    public boolean equals(HeadsEntry entry, ByteBuffer binary) {
        return entry.equals(decode(binary));
    }
}
