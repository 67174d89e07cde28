/*
 * edgecache demo origin: a small static-file HTTP/1.1 server for trying the cache by hand.
 *
 * Run it straight from source (JDK 17, no dependencies):
 *
 *   java jetty-base/demo-origin/DemoOrigin.java [--host=127.0.0.1] [--port=8081]
 *        [--dir=jetty-base/demo-origin/files] [--cache-control="public, max-age=60"]
 *        [--large-size=64m] [--large-dir=target/demo-origin]
 *
 * What it does, so that a cache in front of it has something real to work with:
 *   - serves the regular files of --dir (the path "/" is index.html; the query string is ignored);
 *   - serves /large.bin, generated at start into --large-dir (not committed): --large-size bytes made
 *     of 16-byte records, each the record's own byte offset as 15 hex digits plus '\n', so any range
 *     of it can be checked by eye ("curl -r 1048576-1048607" prints 0000000100000 and 0000000100010);
 *   - sends Cache-Control (--cache-control; an empty value sends none), a strong ETag (a SHA-256 of the
 *     content), Last-Modified, Content-Length, Accept-Ranges and Date;
 *   - answers conditional requests as RFC 9110 section 13.2.2 orders them: If-Match (412),
 *     If-Unmodified-Since (412), If-None-Match (304 for GET/HEAD, weak comparison), If-Modified-Since
 *     (304, only without If-None-Match), then Range with If-Range (strong comparison);
 *   - answers one byte range (bytes=a-b, bytes=a-, bytes=-n) with 206 and Content-Range, an
 *     unsatisfiable one with 416 and "Content-Range: bytes * /length" (without the space), and a
 *     multi-range or malformed Range header with the whole 200 (the server may ignore Range);
 *   - answers HEAD with the GET headers and no body, other methods with 405;
 *   - logs one line per request: time, method, path, Range, status, body bytes sent.
 */

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

public final class DemoOrigin
{
    static final String LARGE_NAME = "large.bin";
    static final int RECORD = 16;

    /** A file as served: where it is, and the validators computed for its current size and mtime. */
    record Entity(Path file, long length, FileTime mtime, Instant lastModified, String etag, String contentType) {}

    /** One byte range, inclusive bounds, already clamped to the entity. */
    record ByteRange(long first, long last)
    {
        long length() { return last - first + 1; }
    }

    private final Path dir;
    private final Path large;
    private final String cacheControl;
    private final Map<Path, Entity> validators = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();

    DemoOrigin(Path dir, Path large, String cacheControl)
    {
        this.dir = dir;
        this.large = large;
        this.cacheControl = cacheControl;
    }

    public static void main(String[] args) throws Exception
    {
        Map<String, String> opt = parseArgs(args);
        String host = opt.getOrDefault("host", "127.0.0.1");
        int port = Integer.parseInt(opt.getOrDefault("port", "8081"));
        Path dir = Path.of(opt.getOrDefault("dir", "jetty-base/demo-origin/files")).toAbsolutePath().normalize();
        String cacheControl = opt.getOrDefault("cache-control", "public, max-age=60");
        long largeSize = parseSize(opt.getOrDefault("large-size", "64m"));
        Path largeDir = Path.of(opt.getOrDefault("large-dir", "target/demo-origin")).toAbsolutePath().normalize();

        if (!Files.isDirectory(dir))
        {
            System.err.println("DemoOrigin: --dir " + dir + " is not a directory");
            System.exit(2);
        }
        Path large = null;
        if (largeSize > 0)
        {
            large = largeDir.resolve(LARGE_NAME);
            generateLarge(large, largeSize);
        }

        DemoOrigin origin = new DemoOrigin(dir, large, cacheControl);
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
        AtomicInteger threadNo = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(32, r -> {
            Thread t = new Thread(r, "origin-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", origin::handle);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            pool.shutdownNow();
            System.out.println("DemoOrigin: stopped after " + origin.requests.get() + " requests");
        }, "origin-shutdown"));

        System.out.println("DemoOrigin: serving " + dir + " on http://" + host + ":" + port + "/");
        System.out.println("DemoOrigin: Cache-Control: " + (cacheControl.isEmpty() ? "(none)" : cacheControl));
        if (large != null)
            System.out.println("DemoOrigin: /" + LARGE_NAME + " = " + large + " (" + largeSize + " bytes)");
        System.out.flush();
    }

    // ------------------------------------------------------------------ request handling

    void handle(HttpExchange exchange)
    {
        long n = requests.incrementAndGet();
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String range = exchange.getRequestHeaders().getFirst("Range");
        int status = 500;
        long sent = 0;
        try
        {
            long[] result = respond(exchange, method, path);
            status = (int)result[0];
            sent = result[1];
        }
        catch (IOException | UncheckedIOException e)
        {
            // usually the client (the cache) went away in the middle of a body
            status = exchange.getResponseCode() > 0 ? exchange.getResponseCode() : 500;
            System.out.printf("%s #%d %s %s: %s%n", now(), n, method, path, "aborted: " + e.getMessage());
        }
        finally
        {
            exchange.close();
        }
        System.out.printf("%s #%d %s %s range=%s -> %d (%d body bytes)%n",
            now(), n, method, path, range == null ? "-" : range, status, sent);
        System.out.flush();
    }

    /** Returns {status, body bytes sent}. */
    private long[] respond(HttpExchange exchange, String method, String rawPath) throws IOException
    {
        Headers out = exchange.getResponseHeaders();
        boolean head = "HEAD".equals(method);
        if (!head && !"GET".equals(method))
        {
            out.set("Allow", "GET, HEAD");
            return sendText(exchange, 405, "method " + method + " not allowed: this origin serves GET and HEAD\n", false);
        }

        Entity entity = lookup(rawPath);
        if (entity == null)
            return sendText(exchange, 404, "not found: " + rawPath + "\n", head);

        Headers in = exchange.getRequestHeaders();
        // headers shared by 200, 206 and 304 (RFC 9110 section 15.4.5: a 304 carries the validators
        // and Cache-Control that a 200 would have)
        out.set("ETag", entity.etag());
        out.set("Last-Modified", httpDate(entity.lastModified()));
        if (!cacheControl.isEmpty())
            out.set("Cache-Control", cacheControl);

        // RFC 9110 section 13.2.2: If-Match, If-Unmodified-Since, If-None-Match, If-Modified-Since
        String ifMatch = in.getFirst("If-Match");
        if (ifMatch != null)
        {
            if (!matches(ifMatch, entity.etag(), true))
                return sendText(exchange, 412, "precondition failed: If-Match\n", head);
        }
        else
        {
            Instant ius = parseHttpDate(in.getFirst("If-Unmodified-Since"));
            if (ius != null && entity.lastModified().isAfter(ius))
                return sendText(exchange, 412, "precondition failed: If-Unmodified-Since\n", head);
        }
        String ifNoneMatch = in.getFirst("If-None-Match");
        if (ifNoneMatch != null)
        {
            if (matches(ifNoneMatch, entity.etag(), false))
                return notModified(exchange);
        }
        else
        {
            Instant ims = parseHttpDate(in.getFirst("If-Modified-Since"));
            if (ims != null && !entity.lastModified().isAfter(ims))
                return notModified(exchange);
        }

        out.set("Content-Type", entity.contentType());
        out.set("Accept-Ranges", "bytes");
        String rangeHeader = head ? null : in.getFirst("Range");
        if (rangeHeader != null && ifRangeHolds(in.getFirst("If-Range"), entity))
        {
            ByteRange range;
            try
            {
                range = parseSingleRange(rangeHeader, entity.length());
            }
            catch (IllegalArgumentException unsatisfiable)
            {
                out.set("Content-Range", "bytes */" + entity.length());
                return sendText(exchange, 416, "range not satisfiable: " + rangeHeader + " (length " + entity.length() + ")\n", false);
            }
            if (range != null)
            {
                out.set("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + entity.length());
                exchange.sendResponseHeaders(206, range.length());
                return new long[]{206, copy(entity.file(), range.first(), range.length(), exchange.getResponseBody())};
            }
        }

        if (head)
        {
            out.set("Content-Length", Long.toString(entity.length()));
            exchange.sendResponseHeaders(200, -1);
            return new long[]{200, 0};
        }
        // a zero-length file needs -1 here: 0 would mean "chunked" to HttpServer
        exchange.sendResponseHeaders(200, entity.length() == 0 ? -1 : entity.length());
        return new long[]{200, copy(entity.file(), 0, entity.length(), exchange.getResponseBody())};
    }

    private long[] notModified(HttpExchange exchange) throws IOException
    {
        exchange.sendResponseHeaders(304, -1);
        return new long[]{304, 0};
    }

    private long[] sendText(HttpExchange exchange, int status, String text, boolean head) throws IOException
    {
        Headers out = exchange.getResponseHeaders();
        // error responses are not the files' representations: no validators, and do not cache them long
        out.remove("ETag");
        out.remove("Last-Modified");
        out.set("Cache-Control", "no-store");
        out.set("Content-Type", "text/plain; charset=utf-8");
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        if (head)
        {
            out.set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
            return new long[]{status, 0};
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream os = exchange.getResponseBody())
        {
            os.write(body);
        }
        return new long[]{status, body.length};
    }

    /** Maps a request path onto a served file, or null. Never leaves --dir. */
    private Entity lookup(String rawPath) throws IOException
    {
        String path = java.net.URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
        if (path.equals("/") || path.isEmpty())
            path = "/index.html";
        Path file;
        if (large != null && path.equals("/" + LARGE_NAME))
        {
            file = large;
        }
        else
        {
            file = dir.resolve(path.substring(1)).normalize();
            if (!file.startsWith(dir) || !Files.isRegularFile(file) || Files.isHidden(file))
                return null;
        }
        long length = Files.size(file);
        FileTime mtime = Files.getLastModifiedTime(file);
        Entity known = validators.get(file);
        Instant lastModified = mtime.toInstant().truncatedTo(ChronoUnit.SECONDS);
        if (known != null && known.length() == length && known.mtime().equals(mtime))
            return known;
        Entity entity = new Entity(file, length, mtime, lastModified, '"' + sha256(file).substring(0, 32) + '"', contentType(file));
        validators.put(file, entity);
        return entity;
    }

    /** If-Range: a strong ETag must match strongly, a date must equal Last-Modified exactly. */
    static boolean ifRangeHolds(String ifRange, Entity entity)
    {
        if (ifRange == null)
            return true;
        String v = ifRange.trim();
        if (v.startsWith("\"") || v.startsWith("W/"))
            return !v.startsWith("W/") && v.equals(entity.etag());
        Instant date = parseHttpDate(v);
        return date != null && date.equals(entity.lastModified());
    }

    /** If-Match (strong) / If-None-Match (weak) comparison against our one strong ETag. */
    static boolean matches(String header, String etag, boolean strong)
    {
        if (header.trim().equals("*"))
            return true;
        for (String candidate : splitEtags(header))
        {
            boolean weak = candidate.startsWith("W/");
            String opaque = weak ? candidate.substring(2) : candidate;
            if (strong && weak)
                continue;
            if (opaque.equals(etag))
                return true;
        }
        return false;
    }

    /** Splits an entity-tag list, honouring commas inside quotes. */
    static List<String> splitEtags(String header)
    {
        List<String> tags = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : header.toCharArray())
        {
            if (c == '"')
                quoted = !quoted;
            if (c == ',' && !quoted)
            {
                if (!cur.toString().isBlank())
                    tags.add(cur.toString().trim());
                cur.setLength(0);
            }
            else
            {
                cur.append(c);
            }
        }
        if (!cur.toString().isBlank())
            tags.add(cur.toString().trim());
        return tags;
    }

    /**
     * Parses a Range header holding exactly one byte range.
     * Returns null to ignore the header (other unit, several ranges, bad syntax),
     * throws IllegalArgumentException when the one range is unsatisfiable (416).
     */
    static ByteRange parseSingleRange(String header, long length)
    {
        String h = header.trim();
        int eq = h.indexOf('=');
        if (eq < 0 || !h.substring(0, eq).trim().equalsIgnoreCase("bytes"))
            return null;
        String spec = h.substring(eq + 1).trim();
        if (spec.isEmpty() || spec.contains(","))
            return null;
        int dash = spec.indexOf('-');
        if (dash < 0)
            return null;
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        try
        {
            if (a.isEmpty())
            {
                if (b.isEmpty())
                    return null;
                long suffix = Long.parseLong(b);
                if (suffix < 0)
                    return null;
                if (suffix == 0 || length == 0)
                    throw new IllegalArgumentException("empty suffix range");
                return new ByteRange(Math.max(0, length - suffix), length - 1);
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? Long.MAX_VALUE : Long.parseLong(b);
            if (first < 0 || last < first)
                return null;
            if (first >= length)
                throw new IllegalArgumentException("first byte past the end");
            return new ByteRange(first, Math.min(last, length - 1));
        }
        catch (NumberFormatException e)
        {
            return null;
        }
    }

    // ------------------------------------------------------------------ helpers

    private static long copy(Path file, long offset, long count, OutputStream body) throws IOException
    {
        long done = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
             InputStream in = Channels.newInputStream(ch.position(offset));
             OutputStream os = body)
        {
            byte[] buf = new byte[64 * 1024];
            while (done < count)
            {
                int n = in.read(buf, 0, (int)Math.min(buf.length, count - done));
                if (n < 0)
                    break;
                os.write(buf, 0, n);
                done += n;
            }
        }
        return done;
    }

    static void generateLarge(Path file, long size) throws IOException
    {
        if (size % RECORD != 0)
            throw new IllegalArgumentException("--large-size must be a multiple of " + RECORD + " bytes");
        if (Files.isRegularFile(file) && Files.size(file) == size)
            return;
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        byte[] rec = new byte[RECORD];
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20))
        {
            for (long off = 0; off < size; off += RECORD)
            {
                long v = off;
                for (int i = 14; i >= 0; i--)
                {
                    rec[i] = (byte)Character.forDigit((int)(v & 0xF), 16);
                    v >>>= 4;
                }
                rec[15] = '\n';
                os.write(rec);
            }
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.println("DemoOrigin: generated " + file + " (" + size + " bytes)");
    }

    static String sha256(Path file) throws IOException
    {
        try (InputStream in = Files.newInputStream(file))
        {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; )
                md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        }
        catch (NoSuchAlgorithmException e)
        {
            throw new IllegalStateException(e);
        }
    }

    static String contentType(Path file)
    {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
        return switch (ext)
        {
            case "html", "htm" -> "text/html; charset=utf-8";
            case "txt" -> "text/plain; charset=utf-8";
            case "json" -> "application/json";
            case "css" -> "text/css; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            default -> "application/octet-stream";
        };
    }

    static String httpDate(Instant t)
    {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(t, ZoneOffset.UTC));
    }

    /** Parses an IMF-fixdate (the only form senders may generate); anything else is ignored. */
    static Instant parseHttpDate(String value)
    {
        if (value == null)
            return null;
        try
        {
            return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        }
        catch (DateTimeParseException e)
        {
            return null;
        }
    }

    static String now()
    {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    static long parseSize(String s)
    {
        String v = s.trim().toLowerCase(Locale.ROOT);
        long mul = 1;
        if (v.endsWith("k")) mul = 1L << 10;
        else if (v.endsWith("m")) mul = 1L << 20;
        else if (v.endsWith("g")) mul = 1L << 30;
        if (mul != 1)
            v = v.substring(0, v.length() - 1);
        return Long.parseLong(v) * mul;
    }

    static Map<String, String> parseArgs(String[] args)
    {
        Map<String, String> opt = new LinkedHashMap<>();
        List<String> known = List.of("host", "port", "dir", "cache-control", "large-size", "large-dir");
        for (int i = 0; i < args.length; i++)
        {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help"))
            {
                System.out.println("usage: java DemoOrigin.java [--host=127.0.0.1] [--port=8081] [--dir=DIR]"
                    + " [--cache-control=\"public, max-age=60\"] [--large-size=64m] [--large-dir=DIR]");
                System.exit(0);
            }
            if (!a.startsWith("--"))
                fail("unexpected argument: " + a);
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0)
            {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            else if (i + 1 < args.length)
            {
                value = args[++i];
            }
            else
            {
                fail("option --" + name + " needs a value");
                return opt;
            }
            if (!known.contains(name))
                fail("unknown option --" + name + " (known: " + known + ")");
            opt.put(name, value);
        }
        return opt;
    }

    static void fail(String message)
    {
        System.err.println("DemoOrigin: " + message);
        System.exit(2);
    }
}
