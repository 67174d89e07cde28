package org.edgecache.store;

/**
 * A body chunk of a committed object is gone (evicted, removed because its object was replaced) or failed
 * its integrity check. The bytes before {@link #offset()} were delivered to the sink and are correct; nothing
 * at or after it was delivered. The caller treats the object as a miss, or fetches the rest from the origin.
 */
public class MissingChunkException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the chunk could not be used. */
    public enum Reason {
        /** No entry for the chunk (evicted, or freed after its object was replaced or removed). */
        MISSING,
        /** An entry was there but had the wrong length or checksum; it has been removed. */
        CORRUPT
    }

    private final String key;
    private final String objectId;
    private final long chunkIndex;
    private final long offset;
    private final Reason reason;

    public MissingChunkException(String key, String objectId, long chunkIndex, long offset, Reason reason) {
        super("chunk " + chunkIndex + " of object " + objectId + " (key " + key + ") is "
                + (reason == Reason.MISSING ? "missing" : "corrupt") + "; bytes before offset " + offset
                + " were delivered");
        this.key = key;
        this.objectId = objectId;
        this.chunkIndex = chunkIndex;
        this.offset = offset;
        this.reason = reason;
    }

    public String key() {
        return key;
    }

    public String objectId() {
        return objectId;
    }

    public long chunkIndex() {
        return chunkIndex;
    }

    /** Body offset of the first byte that was not delivered. */
    public long offset() {
        return offset;
    }

    public Reason reason() {
        return reason;
    }
}
