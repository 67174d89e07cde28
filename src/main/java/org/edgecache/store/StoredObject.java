package org.edgecache.store;

import java.util.Objects;

/** A committed alternate as found by {@link ObjectStore#lookup}: the cache key and its head. */
public record StoredObject(String key, Head head) {

    public StoredObject {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(head, "head");
        if (head.objectId() == null) {
            throw new IllegalArgumentException("a stored object's head must carry its objectId");
        }
    }

    public String objectId() {
        return head.objectId();
    }

    /** Body length in bytes. */
    public long length() {
        return head.length();
    }
}
