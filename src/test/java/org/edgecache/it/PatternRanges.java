package org.edgecache.it;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;

/**
 * An origin object of any size made of {@link Pattern} bytes that answers single byte ranges itself: 206 with
 * Content-Range for {@code bytes=a-b}, {@code bytes=a-} and {@code bytes=-n}; 416 for anything else; 304 when
 * If-None-Match names its ETag; the full 200 without Range (or always, when told to ignore Range). Only the bytes
 * asked for are generated, so a 256 MiB object costs nothing. Counts the requests per Range value.
 */
public final class PatternRanges implements TestOrigin.Handler {
    private final long size;
    private volatile String[] headers;
    private volatile boolean ignoreRange;
    private final Map<String, AtomicInteger> byRange = new ConcurrentHashMap<>();

    public PatternRanges(long size, String... headers) {
        this.size = size;
        this.headers = headers;
    }

    /** The fields every answer carries from now on (e.g. Cache-Control, ETag). */
    public PatternRanges headers(String... namesAndValues) {
        this.headers = namesAndValues;
        return this;
    }

    /** Answer every request with the full 200, as an origin that does not do ranges. */
    public PatternRanges ignoreRange(boolean ignore) {
        this.ignoreRange = ignore;
        return this;
    }

    /** How many requests carried this Range value (or "none"). */
    public int requests(String range) {
        AtomicInteger n = byRange.get(range);
        return n == null ? 0 : n.get();
    }

    public Map<String, AtomicInteger> byRange() {
        return byRange;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String range = ex.getRequestHeaders().getFirst("Range");
        byRange.computeIfAbsent(range == null ? "none" : range, k -> new AtomicInteger()).incrementAndGet();
        String[] h = headers;
        for (int i = 0; i < h.length; i += 2) {
            ex.getResponseHeaders().add(h[i], h[i + 1]);
        }
        String etag = ex.getResponseHeaders().getFirst("ETag");
        String inm = ex.getRequestHeaders().getFirst("If-None-Match");
        if (etag != null && etag.equals(inm)) {
            ex.sendResponseHeaders(304, -1);
            return;
        }
        boolean head = ex.getRequestMethod().equals("HEAD");
        if (range == null || ignoreRange) {
            send(ex, 200, 0, size, head);
            return;
        }
        long[] r = resolve(range);
        if (r == null) {
            ex.getResponseHeaders().set("Content-Range", "bytes */" + size);
            ex.sendResponseHeaders(416, -1);
            return;
        }
        ex.getResponseHeaders().set("Content-Range", "bytes " + r[0] + "-" + r[1] + "/" + size);
        send(ex, 206, r[0], r[1] - r[0] + 1, head);
    }

    private void send(HttpExchange ex, int status, long from, long length, boolean head) throws IOException {
        ex.sendResponseHeaders(status, head ? -1 : length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                Pattern.write(out, from, length);
            }
        }
    }

    /** {first, last} of a single satisfiable byte range, or null. */
    private long[] resolve(String range) {
        if (!range.startsWith("bytes=") || range.contains(",")) {
            return null;
        }
        String spec = range.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            if (dash == 0) {
                long n = Long.parseLong(spec.substring(1));
                return n <= 0 ? null : new long[] {Math.max(0, size - n), size - 1};
            }
            long first = Long.parseLong(spec.substring(0, dash));
            long last = dash == spec.length() - 1 ? size - 1 : Long.parseLong(spec.substring(dash + 1));
            if (first >= size || last < first) {
                return null;
            }
            return new long[] {first, Math.min(last, size - 1)};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
