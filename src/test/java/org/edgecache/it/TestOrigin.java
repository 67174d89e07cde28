package org.edgecache.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real origin on loopback (the JDK's HTTP server) whose behaviour each test scripts per path, and which records
 * every request it receives so that tests can count them and look at what was forwarded.
 */
public final class TestOrigin implements AutoCloseable {
    /** What the origin saw of one request. */
    public record Seen(String method, String rawTarget, Map<String, List<String>> headers) {
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        public List<String> headers(String name) {
            return headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), List.of());
        }
    }

    /** Answers one exchange; the request body has not been read yet. */
    public interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    static {
        // like a real server: without TCP_NODELAY a small body waits ~40 ms for the delayed ACK of the head (Nagle)
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-origin");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    public TestOrigin() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1000);
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Scripts the answer for every request whose path starts with the prefix (longest prefix wins). */
    public TestOrigin on(String pathPrefix, Handler handler) {
        handlers.put(pathPrefix, handler);
        return this;
    }

    public List<Seen> requests() {
        return new ArrayList<>(seen);
    }

    public int count() {
        return seen.size();
    }

    public Seen last() {
        return seen.get(seen.size() - 1);
    }

    private void dispatch(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            Handler best = null;
            int bestLength = -1;
            for (Map.Entry<String, Handler> e : handlers.entrySet()) {
                if (path.startsWith(e.getKey()) && e.getKey().length() > bestLength) {
                    best = e.getValue();
                    bestLength = e.getKey().length();
                }
            }
            seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().toString(), lower(ex.getRequestHeaders())));
            if (best == null) {
                respond(ex, 404, "no handler for " + path);
            } else {
                best.handle(ex);
            }
        }
    }

    private static Map<String, List<String>> lower(Headers h) {
        Map<String, List<String>> out = new TreeMap<>();
        h.forEach((k, v) -> out.put(k.toLowerCase(java.util.Locale.ROOT), List.copyOf(v)));
        return out;
    }

    public static void respond(HttpExchange ex, int status, String body, String... headers) throws IOException {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < headers.length; i += 2) {
            ex.getResponseHeaders().add(headers[i], headers[i + 1]);
        }
        boolean noBody = ex.getRequestMethod().equals("HEAD") || status == 204 || status == 304;
        ex.sendResponseHeaders(status, noBody ? -1 : (bytes.length == 0 ? -1 : bytes.length));
        if (!noBody && bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
