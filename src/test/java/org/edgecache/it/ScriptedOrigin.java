package org.edgecache.it;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A keep-alive origin that speaks bytes: each request is answered by a script that writes whatever it likes (good
 * responses, broken bodies, garbage) and says whether the connection stays open for the next request. Every
 * request is recorded with the number of the connection it came on, so a test can tell a pooled connection that
 * was reused from a new one.
 */
public final class ScriptedOrigin implements AutoCloseable {
    /** One request as the origin read it. */
    public record Request(String method, String target, List<String> headLines, int connection) {
        public String header(String name) {
            for (String l : headLines) {
                int colon = l.indexOf(':');
                if (colon > 0 && l.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return l.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    /** What to do after answering. */
    public enum Then { KEEP_OPEN, CLOSE, RESET }

    /** Answers one request (its body, if any, has been read). */
    public interface Script {
        Then answer(Request request, OutputStream out) throws IOException;
    }

    private final ServerSocket server;
    private final Script script;
    private final AtomicInteger connections = new AtomicInteger();
    /** Every request, in order; null for an origin that keeps none ({@link #unrecorded}). */
    private final List<Request> requests;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    public ScriptedOrigin(Script script) throws IOException {
        this(script, true);
    }

    /**
     * An origin that keeps no record of its requests, for long runs: the record grows with every request (about 750
     * bytes each, copied whole on each add), which made the soak's heap grow by 30–40 MiB in ten minutes.
     */
    public static ScriptedOrigin unrecorded(Script script) throws IOException {
        return new ScriptedOrigin(script, false);
    }

    private ScriptedOrigin(Script script, boolean record) throws IOException {
        this.requests = record ? new CopyOnWriteArrayList<>() : null;
        this.script = script;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "scripted-origin-accept");
        t.setDaemon(true);
        t.start();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                int id = connections.incrementAndGet();
                open.add(s);
                Thread t = new Thread(() -> serve(s, id), "scripted-origin-" + id);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void serve(Socket s, int id) {
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                List<String> head = readHead(in);
                if (head == null) {
                    return;
                }
                String[] line = head.get(0).split(" ");
                Request r = new Request(line[0], line.length > 1 ? line[1] : "", head.subList(1, head.size()), id);
                String length = r.header("Content-Length");
                if (length != null) {
                    in.readNBytes(Integer.parseInt(length));
                }
                if (requests != null) {
                    requests.add(r);
                }
                Then then = script.answer(r, out);
                out.flush();
                if (then == Then.RESET) {
                    s.setSoLinger(true, 0);
                    return;
                }
                if (then == Then.CLOSE) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the proxy went away
        } finally {
            open.remove(s);
        }
    }

    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                return null;
            }
            if (c == '\n') {
                String l = sb.toString();
                sb.setLength(0);
                if (l.isEmpty()) {
                    if (lines.isEmpty()) {
                        continue;
                    }
                    return lines;
                }
                lines.add(l);
            } else if (c != '\r') {
                sb.append((char) c);
            }
        }
    }

    /** A complete response with Content-Length; the connection may stay open. */
    public static void respond(OutputStream out, int status, byte[] body, String... headers) throws IOException {
        StringBuilder h = new StringBuilder("HTTP/1.1 ").append(status).append(" X\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            h.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        h.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    public int connections() {
        return connections.get();
    }

    public List<Request> requests() {
        return List.copyOf(recorded());
    }

    /** The requests for targets starting with the prefix, in order. */
    public List<Request> requests(String targetPrefix) {
        return recorded().stream().filter(r -> r.target().startsWith(targetPrefix)).toList();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }

    private List<Request> recorded() {
        if (requests == null) {
            throw new IllegalStateException("this origin keeps no record of its requests (ScriptedOrigin.unrecorded)");
        }
        return requests;
    }
}
