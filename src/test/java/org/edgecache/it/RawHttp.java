package org.edgecache.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A byte-level HTTP/1.1 client for what java.net.http will not send (Connection tokens, absolute-form targets,
 * hop-by-hop headers, no User-Agent). One request per connection.
 */
public final class RawHttp {
    public record Response(int status, List<String[]> headers, byte[] body) {
        public String header(String name) {
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    return h[1];
                }
            }
            return null;
        }

        public List<String> headers(String name) {
            List<String> out = new ArrayList<>();
            for (String[] h : headers) {
                if (h[0].equalsIgnoreCase(name)) {
                    out.add(h[1]);
                }
            }
            return out;
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private RawHttp() {
    }

    /**
     * Sends the request head (lines without CRLF; "Connection: close" is added unless a Connection line is given)
     * and reads the whole response.
     */
    public static Response exchange(URI server, String... headLines) throws IOException {
        try (Socket s = new Socket(server.getHost(), server.getPort())) {
            s.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder();
            for (String l : headLines) {
                head.append(l).append("\r\n");
            }
            boolean connection = false;
            for (String l : headLines) {
                connection |= l.regionMatches(true, 0, "Connection:", 0, 11);
            }
            head.append(connection ? "" : "Connection: close\r\n").append("\r\n");
            s.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return read(s.getInputStream(), headLines[0].startsWith("HEAD "));
        }
    }

    /** Sends the bytes as they are (head and body, nothing added) and reads the whole response. */
    public static Response send(URI server, byte[] request) throws IOException {
        return sendFrom(null, server, request);
    }

    /**
     * Sends the bytes as they are from a given local address (e.g. 127.0.0.2, to be a client other than 127.0.0.1;
     * null for any) and reads the whole response.
     */
    public static Response sendFrom(java.net.InetAddress local, URI server, byte[] request) throws IOException {
        try (Socket s = new Socket()) {
            if (local != null) {
                s.bind(new java.net.InetSocketAddress(local, 0));
            }
            s.connect(new java.net.InetSocketAddress(server.getHost(), server.getPort()), 10_000);
            s.setSoTimeout(30_000);
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            String text = new String(request, 0, Math.min(request.length, 5), StandardCharsets.ISO_8859_1);
            return read(s.getInputStream(), text.startsWith("HEAD "));
        }
    }

    static Response read(InputStream in, boolean head) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        List<String[]> headers = new ArrayList<>();
        for (String l; !(l = line(in)).isEmpty(); ) {
            int colon = l.indexOf(':');
            headers.add(new String[] {l.substring(0, colon).trim(), l.substring(colon + 1).trim()});
        }
        Response r = new Response(status, headers, new byte[0]);
        if (head || status == 204 || status == 304) {
            return r;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String te = r.header("Transfer-Encoding");
        String cl = r.header("Content-Length");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            while (true) {
                String size = line(in);
                int semi = size.indexOf(';');
                int n = Integer.parseInt((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
                if (n == 0) {
                    while (!line(in).isEmpty()) {
                        // trailers
                    }
                    break;
                }
                body.write(in.readNBytes(n));
                line(in);
            }
        } else if (cl != null) {
            byte[] b = in.readNBytes(Integer.parseInt(cl));
            if (b.length < Integer.parseInt(cl)) {
                throw new IOException("body ended after " + b.length + " of " + cl + " bytes");
            }
            body.write(b);
        } else {
            in.transferTo(body);
        }
        return new Response(status, headers, body.toByteArray());
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IOException("connection closed mid-line: '" + sb + "'");
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }
}
