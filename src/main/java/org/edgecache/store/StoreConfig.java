package org.edgecache.store;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/**
 * How {@link EhcacheObjectStore} is sized. Field ranges are checked on construction; the rules that tie fields
 * together are checked by {@link #validate()}, which the store calls. Every message names the context-param
 * ({@code edgecache.store.*}) the operator has to change.
 *
 * @param directory        persistent tier directory; null = no persistent tier. One directory per running
 *                         instance. The disk tier survives clean restarts only.
 * @param heapEntries      heads (cache keys) kept on the Java heap
 * @param chunkHeapEntries body chunks kept on the Java heap (each up to chunkSize bytes)
 * @param offheapBytes     off-heap tier for chunks, allocated up front as direct memory; 0 = none
 * @param diskBytes        disk tier for heads and chunks (1/16, at least 4 MiB, for heads); must be 0 without a
 *                         directory and
 *                         &gt; 0 with one
 * @param chunkSize        size of one chunk entry in the cache tiers, in bytes; each chunk carries
 *                         {@link #chunkPayload()} body bytes, the rest is left for the entry's checksum, key
 *                         and Ehcache's own header (see {@link #CHUNK_RESERVE})
 * @param pinnedEntries    objects the pinned pool (cache.config {@code pin-in-cache}) holds at most
 * @param pinnedBytes      body bytes the pinned pool holds at most, counted in whole chunks; 0 = no pinned pool
 *                         (pins are then stored as ordinary objects). The pool is its own pair of Ehcache caches,
 *                         so that eviction pressure on ordinary objects never evicts a pinned one: on the heap
 *                         without a directory, else on disk (twice this size, reserved as it fills) with a small
 *                         heap tier.
 */
public record StoreConfig(Path directory, long heapEntries, long chunkHeapEntries, long offheapBytes, long diskBytes,
        int chunkSize, long pinnedEntries, long pinnedBytes) {

    public static final String PARAM_DIRECTORY = "edgecache.store.directory";
    public static final String PARAM_HEAP_ENTRIES = "edgecache.store.heap-entries";
    public static final String PARAM_CHUNK_HEAP_ENTRIES = "edgecache.store.chunk-heap-entries";
    public static final String PARAM_OFFHEAP = "edgecache.store.offheap";
    public static final String PARAM_DISK = "edgecache.store.disk";
    public static final String PARAM_CHUNK_SIZE = "edgecache.store.chunk-size";
    public static final String PARAM_PINNED_ENTRIES = "edgecache.store.pinned-entries";
    public static final String PARAM_PINNED_SIZE = "edgecache.store.pinned-size";

    public static final long DEFAULT_HEAP_ENTRIES = 10_000;
    public static final long DEFAULT_CHUNK_HEAP_ENTRIES = 16;
    public static final long DEFAULT_OFFHEAP = 0;
    /** Disk size used by {@link #fromParameters} when a directory is given without a disk size. */
    public static final long DEFAULT_DISK = 1L << 30;
    public static final int DEFAULT_CHUNK_SIZE = 1 << 20;
    public static final int MIN_CHUNK_SIZE = 1 << 10;
    public static final int MAX_CHUNK_SIZE = 64 << 20;
    /**
     * Bytes of each chunk entry not used for body bytes. Ehcache's disk tier rounds each entry (value, key and
     * about 50 bytes of header) up to a power of two: a value of exactly 1 MiB occupies 2 MiB, halving the disk.
     * Measured with Ehcache 3.11.1: a 1 MiB slot fits a value of 1 MiB minus (about 50 + key length) bytes. Our
     * keys are under 40 characters and the value carries a 4-byte checksum, so 256 bytes leave a margin.
     */
    public static final int CHUNK_RESERVE = 256;
    /** A tier smaller than this many chunks would silently keep almost none (Ehcache drops what does not fit). */
    public static final int MIN_CHUNKS_PER_TIER = 8;
    public static final long DEFAULT_PINNED_ENTRIES = 1000;
    public static final long DEFAULT_PINNED_SIZE = 64L << 20;
    /** Head bytes budgeted per pinned object (the pinned heads' disk tier is twice entries times this). */
    public static final int PINNED_HEAD_BUDGET = 8 << 10;

    public StoreConfig {
        if (heapEntries < 1) {
            throw new IllegalArgumentException(PARAM_HEAP_ENTRIES + " must be at least 1, was " + heapEntries);
        }
        if (chunkHeapEntries < 1) {
            throw new IllegalArgumentException(
                    PARAM_CHUNK_HEAP_ENTRIES + " must be at least 1, was " + chunkHeapEntries);
        }
        if (offheapBytes < 0) {
            throw new IllegalArgumentException(PARAM_OFFHEAP + " must be 0 (none) or a size, was " + offheapBytes);
        }
        if (diskBytes < 0) {
            throw new IllegalArgumentException(PARAM_DISK + " must be 0 (none) or a size, was " + diskBytes);
        }
        if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE) {
            throw new IllegalArgumentException(PARAM_CHUNK_SIZE + " must be between 1k and 64m, was " + chunkSize);
        }
        if (pinnedEntries < 1) {
            throw new IllegalArgumentException(PARAM_PINNED_ENTRIES + " must be at least 1, was " + pinnedEntries);
        }
        if (pinnedBytes < 0) {
            throw new IllegalArgumentException(PARAM_PINNED_SIZE + " must be 0 (no pinned pool) or a size, was "
                    + pinnedBytes);
        }
    }

    /** With the default pinned pool. */
    public StoreConfig(Path directory, long heapEntries, long chunkHeapEntries, long offheapBytes, long diskBytes,
            int chunkSize) {
        this(directory, heapEntries, chunkHeapEntries, offheapBytes, diskBytes, chunkSize, DEFAULT_PINNED_ENTRIES,
                DEFAULT_PINNED_SIZE);
    }

    /** Heap only: no directory, no off-heap, 10000 heads, 16 chunks of 1 MiB, the default pinned pool. */
    public static StoreConfig defaults() {
        return new StoreConfig(null, DEFAULT_HEAP_ENTRIES, DEFAULT_CHUNK_HEAP_ENTRIES, DEFAULT_OFFHEAP, 0,
                DEFAULT_CHUNK_SIZE);
    }

    /** Sets the directory and the disk size together (they only make sense together). */
    public StoreConfig withPersistence(Path dir, long disk) {
        return new StoreConfig(dir, heapEntries, chunkHeapEntries, offheapBytes, disk, chunkSize, pinnedEntries,
                pinnedBytes);
    }

    public StoreConfig withHeapEntries(long n) {
        return new StoreConfig(directory, n, chunkHeapEntries, offheapBytes, diskBytes, chunkSize, pinnedEntries,
                pinnedBytes);
    }

    public StoreConfig withChunkHeapEntries(long n) {
        return new StoreConfig(directory, heapEntries, n, offheapBytes, diskBytes, chunkSize, pinnedEntries,
                pinnedBytes);
    }

    public StoreConfig withOffheap(long bytes) {
        return new StoreConfig(directory, heapEntries, chunkHeapEntries, bytes, diskBytes, chunkSize, pinnedEntries,
                pinnedBytes);
    }

    public StoreConfig withChunkSize(int bytes) {
        return new StoreConfig(directory, heapEntries, chunkHeapEntries, offheapBytes, diskBytes, bytes,
                pinnedEntries, pinnedBytes);
    }

    /** Sizes the pinned pool: at most {@code entries} objects and {@code bytes} of bodies; bytes 0 = none. */
    public StoreConfig withPinned(long entries, long bytes) {
        return new StoreConfig(directory, heapEntries, chunkHeapEntries, offheapBytes, diskBytes, chunkSize, entries,
                bytes);
    }

    /** Whether there is a pinned pool. */
    public boolean pinning() {
        return pinnedBytes > 0;
    }

    /** Chunks the pinned pool holds at most. */
    public long pinnedChunks() {
        return pinnedBytes / chunkSize;
    }

    /** Head bytes the pinned pool holds at most. */
    public long pinnedHeadBytes() {
        return pinnedEntries * PINNED_HEAD_BUDGET;
    }

    /** Body bytes per chunk: {@code chunkSize - CHUNK_RESERVE}. */
    public int chunkPayload() {
        return chunkSize - CHUNK_RESERVE;
    }

    /** Disk bytes given to the heads cache: 1/16 of the disk, at least 4 MiB. 0 without a disk tier. */
    public long headsDiskBytes() {
        return diskBytes == 0 ? 0 : Math.max(diskBytes / 16, 4L << 20);
    }

    /**
     * Largest encoded heads entry (all alternates of one key) the store writes: 256 KiB, or 1/32 of the heads'
     * disk share if that is smaller, so that Ehcache never has to drop an oversize head (silently, and possibly
     * evicting neighbours). A commit drops the oldest alternates to fit, or is refused if its head alone does not.
     */
    public int maxHeadsEntryBytes() {
        return (int) (diskBytes == 0 ? 256 << 10 : Math.min(256 << 10, headsDiskBytes() / 32));
    }

    /** Disk bytes given to the chunks cache. */
    public long chunksDiskBytes() {
        return diskBytes - headsDiskBytes();
    }

    /**
     * Checks the rules between fields.
     *
     * @return this
     * @throws IllegalArgumentException naming the parameter to change
     */
    public StoreConfig validate() {
        if (directory == null && diskBytes > 0) {
            throw new IllegalArgumentException(PARAM_DISK + "=" + diskBytes + " needs " + PARAM_DIRECTORY
                    + " (the disk tier lives in that directory)");
        }
        if (directory != null) {
            if (diskBytes == 0) {
                throw new IllegalArgumentException(PARAM_DIRECTORY + " is set, so " + PARAM_DISK
                        + " must be a size greater than 0");
            }
            if (Files.exists(directory) && !Files.isDirectory(directory)) {
                throw new IllegalArgumentException(
                        PARAM_DIRECTORY + "=" + directory + " exists and is not a directory");
            }
        }
        long minTier = (long) MIN_CHUNKS_PER_TIER * chunkSize;
        if (offheapBytes > 0 && offheapBytes < minTier) {
            throw new IllegalArgumentException(PARAM_OFFHEAP + "=" + offheapBytes + " is too small for "
                    + PARAM_CHUNK_SIZE + "=" + chunkSize + ": it must hold at least " + MIN_CHUNKS_PER_TIER
                    + " chunks (" + minTier + " bytes), or be 0 for none");
        }
        if (diskBytes > 0 && chunksDiskBytes() < minTier) {
            long need = minTier + Math.max(minTier / 15, 4L << 20);
            throw new IllegalArgumentException(PARAM_DISK + "=" + diskBytes + " is too small for " + PARAM_CHUNK_SIZE
                    + "=" + chunkSize + ": it must hold at least " + MIN_CHUNKS_PER_TIER
                    + " chunks plus the heads (about " + need + " bytes)");
        }
        if (pinnedBytes > 0 && pinnedBytes < chunkSize) {
            throw new IllegalArgumentException(PARAM_PINNED_SIZE + "=" + pinnedBytes + " is smaller than one chunk ("
                    + PARAM_CHUNK_SIZE + "=" + chunkSize + "): use 0 for no pinned pool, or at least one chunk");
        }
        if (offheapBytes > 0 && diskBytes > 0 && offheapBytes >= chunksDiskBytes()) {
            throw new IllegalArgumentException(PARAM_OFFHEAP + "=" + offheapBytes + " must be smaller than the disk"
                    + " tier's chunk share (15/16 of " + PARAM_DISK + "=" + diskBytes + ")");
        }
        return this;
    }

    /**
     * Builds a validated config from parameters looked up by name (e.g. {@code ServletContext::getInitParameter});
     * a missing or blank parameter takes its default. A directory without a disk size gets 1g of disk.
     *
     * @throws IllegalArgumentException naming the parameter, the value and what is allowed
     */
    public static StoreConfig fromParameters(Function<String, String> parameter) {
        String dirValue = trimmed(parameter.apply(PARAM_DIRECTORY));
        Path dir = null;
        if (dirValue != null) {
            try {
                dir = Path.of(dirValue);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException(PARAM_DIRECTORY + "=\"" + dirValue + "\" is not a valid path: "
                        + e.getReason(), e);
            }
        }
        long heap = parseCount(PARAM_HEAP_ENTRIES, parameter.apply(PARAM_HEAP_ENTRIES), DEFAULT_HEAP_ENTRIES);
        long chunkHeap = parseCount(PARAM_CHUNK_HEAP_ENTRIES, parameter.apply(PARAM_CHUNK_HEAP_ENTRIES),
                DEFAULT_CHUNK_HEAP_ENTRIES);
        String offheapValue = trimmed(parameter.apply(PARAM_OFFHEAP));
        long offheap = offheapValue == null ? DEFAULT_OFFHEAP : parseSize(PARAM_OFFHEAP, offheapValue);
        String diskValue = trimmed(parameter.apply(PARAM_DISK));
        long disk = diskValue == null ? (dir == null ? 0 : DEFAULT_DISK) : parseSize(PARAM_DISK, diskValue);
        String chunkValue = trimmed(parameter.apply(PARAM_CHUNK_SIZE));
        long chunk = chunkValue == null ? DEFAULT_CHUNK_SIZE : parseSize(PARAM_CHUNK_SIZE, chunkValue);
        if (chunk < MIN_CHUNK_SIZE || chunk > MAX_CHUNK_SIZE) {
            throw new IllegalArgumentException(PARAM_CHUNK_SIZE + "=" + chunkValue
                    + " is out of range: it must be between 1k and 64m (a power of two such as 1m suits the tiers)");
        }
        long pinnedEntries = parseCount(PARAM_PINNED_ENTRIES, parameter.apply(PARAM_PINNED_ENTRIES),
                DEFAULT_PINNED_ENTRIES);
        String pinnedValue = trimmed(parameter.apply(PARAM_PINNED_SIZE));
        long pinned = pinnedValue == null ? DEFAULT_PINNED_SIZE : parseSize(PARAM_PINNED_SIZE, pinnedValue);
        return new StoreConfig(dir, heap, chunkHeap, offheap, disk, (int) chunk, pinnedEntries, pinned).validate();
    }

    /**
     * Parses a byte size: a decimal count with an optional binary suffix {@code k}, {@code m}, {@code g} or
     * {@code t} (case-insensitive; 64k = 65536), e.g. {@code 1048576}, {@code 64k}, {@code 512m}, {@code 2g}.
     *
     * @param parameter the parameter name, for the message
     * @throws IllegalArgumentException naming the parameter and the value
     */
    public static long parseSize(String parameter, String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        int end = v.length();
        int shift = 0;
        if (end > 0) {
            switch (v.charAt(end - 1)) {
                case 'k' -> shift = 10;
                case 'm' -> shift = 20;
                case 'g' -> shift = 30;
                case 't' -> shift = 40;
                default -> shift = 0;
            }
            if (shift > 0) {
                end--;
            }
        }
        String digits = v.substring(0, end);
        if (digits.isEmpty() || digits.length() > 19 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(parameter + "=\"" + value + "\" is not a size: use a byte count with"
                    + " an optional k, m, g or t suffix (binary multiples), e.g. 1048576, 64k, 512m, 2g");
        }
        long n = Long.parseLong(digits);
        if (n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException(parameter + "=\"" + value + "\" is too large");
        }
        return n << shift;
    }

    private static long parseCount(String parameter, String value, long defaultValue) {
        String v = trimmed(value);
        if (v == null) {
            return defaultValue;
        }
        if (v.length() > 18 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(parameter + "=\"" + value + "\" is not a count: use a whole number"
                    + " of entries, at least 1");
        }
        return Long.parseLong(v);
    }

    private static String trimmed(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        return t.isEmpty() ? null : t;
    }
}
