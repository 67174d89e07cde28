package org.edgecache.store;

import java.util.Arrays;
import java.util.List;

/** The value of the heads cache: a key's alternates, or bytes that did not decode as such. */
sealed interface HeadsEntry permits HeadsEntry.Alternates, HeadsEntry.Undecodable {

    /** Committed alternates of one key, most recently stored first; never empty. */
    record Alternates(List<Head> heads) implements HeadsEntry {
        public Alternates {
            heads = List.copyOf(heads);
            if (heads.isEmpty()) {
                throw new IllegalArgumentException("an alternates entry holds at least one head");
            }
        }
    }

    /**
     * Stored bytes that failed the codec's checks. Kept verbatim so that it serializes back to the same bytes
     * and compares equal to itself in every tier (the store removes it with a conditional remove).
     */
    final class Undecodable implements HeadsEntry {
        private final byte[] bytes;
        private final String reason;

        Undecodable(byte[] bytes, String reason) {
            this.bytes = bytes.clone();
            this.reason = reason;
        }

        byte[] bytes() {
            return bytes.clone();
        }

        String reason() {
            return reason;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Undecodable other && Arrays.equals(bytes, other.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Undecodable[" + bytes.length + " bytes: " + reason + "]";
        }
    }
}
