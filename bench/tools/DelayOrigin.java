/*
 * The benchmark's slow origin (bench/run.sh, workload W5): every GET waits --delay-ms, then sends the same body of
 * --size bytes with "Cache-Control: public, max-age=3600", whatever the path. Each request is one line on stdout
 * ("GET /path"), which is how bench/run.sh counts the requests that reached the origin.
 *
 *   java bench/tools/DelayOrigin.java --port=18083 --size=10485760 --delay-ms=1000
 *
 * JDK only (com.sun.net.httpserver with a cached thread pool: one thread per request, so 500 requests wait in
 * parallel).
 */

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.Executors;

public final class DelayOrigin {
    public static void main(String[] args) throws IOException {
        int port = 18083;
        int size = 10 << 20;
        long delayMs = 1000;
        for (String a : args) {
            if (a.startsWith("--port=")) port = Integer.parseInt(a.substring(7));
            else if (a.startsWith("--size=")) size = Integer.parseInt(a.substring(7));
            else if (a.startsWith("--delay-ms=")) delayMs = Long.parseLong(a.substring(11));
            else throw new IllegalArgumentException("unknown option " + a);
        }
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'x');
        PrintStream log = new PrintStream(System.out, true);
        long delay = delayMs;
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> serve(exchange, body, delay, log));
        server.start();
        log.println("listening on 127.0.0.1:" + port);
    }

    private static void serve(HttpExchange exchange, byte[] body, long delayMs, PrintStream log) throws IOException {
        try (exchange) {
            log.println(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            exchange.getRequestBody().readAllBytes();
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            exchange.getResponseHeaders().set("Cache-Control", "public, max-age=3600");
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(200, head ? -1 : body.length);
            if (!head) {
                OutputStream out = exchange.getResponseBody();
                for (int off = 0; off < body.length; off += 65536) {
                    out.write(body, off, Math.min(65536, body.length - off));
                }
            }
        }
    }
}
