package org.edgecache.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;

import org.edgecache.http.ByteRanges;
import org.edgecache.http.HttpFields;
import org.edgecache.policy.Conditionals;
import org.edgecache.store.MissingChunkException;
import org.edgecache.store.ObjectStore;
import org.edgecache.store.StoredObject;

/**
 * Writes a stored object to the client: the full response, a 304 or 412 for the client's preconditions, a 206 for
 * one range, {@code multipart/byteranges} for several, or a 416. Body bytes go from the store's chunks straight to
 * the servlet output stream, one chunk at a time.
 */
final class StoredResponseWriter {
    /** Fields a 304 carries from the stored response (RFC 9110 §15.4.5), plus Last-Modified to guide caches. */
    private static final Set<String> NOT_MODIFIED_FIELDS = Set.of("cache-control", "content-location", "date", "etag",
            "expires", "vary", "last-modified");

    private final ObjectStore store;

    StoredResponseWriter(ObjectStore store) {
        this.store = store;
    }

    /**
     * @param extra fields added to every answer (Age, Cache-Status, Warning)
     * @return the status sent
     * @throws MissingChunkException when a chunk is gone; if nothing was committed yet the caller may fall back to
     *                               the origin (the response has been reset)
     */
    int write(String method, HttpFields requestHeaders, StoredObject object, HttpFields extra,
            HttpServletResponse response) throws IOException, MissingChunkException {
        HttpFields stored = object.head().responseHeaders();
        int storedStatus = object.head().status();
        switch (Conditionals.evaluate(method, requestHeaders, stored)) {
            case NOT_MODIFIED -> {
                response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
                copy(stored.filter(f -> NOT_MODIFIED_FIELDS.contains(f.name().toLowerCase(Locale.ROOT))), response);
                copy(extra, response);
                return 304;
            }
            case PRECONDITION_FAILED -> {
                response.setStatus(HttpServletResponse.SC_PRECONDITION_FAILED);
                copy(extra, response);
                response.setContentLength(0);
                return 412;
            }
            default -> {
                // go on
            }
        }
        long length = object.length();
        String range = requestHeaders.get("Range");
        if (range != null && storedStatus == 200 && method.equals("GET") && rangeApplies(requestHeaders, stored)) {
            ByteRanges.Resolution r = ByteRanges.evaluate(range, length);
            switch (r.outcome()) {
                case UNSATISFIABLE -> {
                    response.setStatus(416);
                    copy(stored.filter(f -> f.is("Date") || f.is("ETag") || f.is("Last-Modified")), response);
                    copy(extra, response);
                    response.setHeader("Content-Range", ByteRanges.unsatisfied(length));
                    response.setContentLength(0);
                    return 416;
                }
                case SATISFIABLE -> {
                    if (r.isMultiple()) {
                        writeMultipart(object, r.ranges(), extra, response);
                    } else {
                        ByteRanges.ByteRange one = r.ranges().get(0);
                        response.setStatus(206);
                        copy(withoutRecomputed(stored).without("Content-Range"), response);
                        copy(extra, response);
                        response.setHeader("Content-Range", one.contentRange(length));
                        response.setContentLengthLong(one.length());
                        body(object, one.first(), one.last(), response.getOutputStream());
                    }
                    return 206;
                }
                default -> {
                    // an invalid Range header is ignored: the full response follows
                }
            }
        }
        response.setStatus(storedStatus);
        copy(withoutRecomputed(stored), response);
        copy(extra, response);
        if (storedStatus != 204 && storedStatus != 304 && storedStatus >= 200) {
            response.setContentLengthLong(length);
        }
        if (!method.equals("HEAD") && length > 0) {
            body(object, 0, length - 1, response.getOutputStream());
        }
        return storedStatus;
    }

    private static boolean rangeApplies(HttpFields requestHeaders, HttpFields stored) {
        String ifRange = requestHeaders.get("If-Range");
        return ifRange == null || Conditionals.ifRangeMatches(ifRange, stored);
    }

    private void body(StoredObject object, long from, long to, ServletOutputStream out)
            throws IOException, MissingChunkException {
        store.read(object, from, to, OutputSlices.to(out));
    }

    private void writeMultipart(StoredObject object, List<ByteRanges.ByteRange> ranges, HttpFields extra,
            HttpServletResponse response) throws IOException, MissingChunkException {
        HttpFields stored = object.head().responseHeaders();
        String boundary = "edgecache-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        String type = stored.get("Content-Type");
        List<byte[]> partHeads = new ArrayList<>();
        long total = 0;
        for (ByteRanges.ByteRange r : ranges) {
            String head = "\r\n--" + boundary + "\r\n"
                    + (type == null ? "" : "Content-Type: " + type + "\r\n")
                    + "Content-Range: " + r.contentRange(object.length()) + "\r\n\r\n";
            byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
            partHeads.add(bytes);
            total += bytes.length + r.length();
        }
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
        total += tail.length;
        response.setStatus(206);
        copy(withoutRecomputed(stored).without("Content-Type").without("Content-Range"), response);
        copy(extra, response);
        response.setHeader("Content-Type", "multipart/byteranges; boundary=" + boundary);
        response.setContentLengthLong(total);
        ServletOutputStream out = response.getOutputStream();
        for (int i = 0; i < ranges.size(); i++) {
            out.write(partHeads.get(i));
            body(object, ranges.get(i).first(), ranges.get(i).last(), out);
        }
        out.write(tail);
    }

    static HttpFields withoutRecomputed(HttpFields stored) {
        return stored.filter(f -> !recomputed(f));
    }

    /**
     * Stored fields never sent as they were stored: framing is recomputed, Age and Cache-Status are per response.
     * Compared without lower-casing: this runs for every field of every hit.
     */
    private static boolean recomputed(HttpFields.Field f) {
        return f.is("Content-Length") || f.is("Age") || f.is("Cache-Status") || f.is("Transfer-Encoding");
    }

    /** Sets each field on the response: the first of a name replaces what the response had, the others add. */
    static void copy(HttpFields fields, HttpServletResponse response) {
        String[] seen = new String[8];
        int n = 0;
        for (HttpFields.Field f : fields) {
            String name = f.name();
            boolean repeated = false;
            for (int i = 0; i < n && !repeated; i++) {
                repeated = seen[i].equalsIgnoreCase(name);
            }
            if (repeated) {
                response.addHeader(name, f.value());
                continue;
            }
            if (n == seen.length) {
                seen = java.util.Arrays.copyOf(seen, n * 2);
            }
            seen[n++] = name;
            response.setHeader(name, f.value());
        }
    }
}
