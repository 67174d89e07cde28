package org.edgecache.web;

import java.util.Collection;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpRequest;

/** The headers a proxy adds: Via (RFC 9110 §7.6.3) and X-Forwarded-* or Forwarded (RFC 7239). */
final class ProxyHeaders {
    /**
     * Request fields that say where a request came from or what it "really" is — the host, scheme, port, URL or
     * method an origin framework may believe instead of the request's own. They are the proxy's to set, and none
     * is part of the cache key, so a client's copy is never forwarded: otherwise one client's
     * {@code X-Forwarded-Host: evil.example} could become the links of a page stored for everyone (cache
     * poisoning). edgecache sets X-Forwarded-Proto/-Host (or Forwarded) itself; {@code X-Forwarded-For} is kept
     * and appended to, as a chain whose last entry is the client edgecache saw. Lower-case.
     */
    static final Set<String> CLIENT_OVERRIDES = Set.of("forwarded", "x-forwarded-host", "x-forwarded-proto",
            "x-forwarded-port", "x-forwarded-scheme", "x-forwarded-server", "x-forwarded-prefix", "x-forwarded-ssl",
            "x-forwarded-uri", "x-forwarded-path", "x-host", "x-original-host", "x-original-url", "x-rewrite-url",
            "x-original-uri", "x-http-method-override", "x-http-method", "x-method-override", "x-url-scheme",
            "front-end-https");

    private ProxyHeaders() {
    }

    static String viaValue(String protocol, String viaHost) {
        String p = protocol == null ? "HTTP/1.1" : protocol;
        String version = p.regionMatches(true, 0, "HTTP/", 0, 5) ? p.substring(5) : p;
        return version + " " + viaHost;
    }

    static String append(Collection<String> existing, String value) {
        StringBuilder sb = new StringBuilder();
        for (String e : existing) {
            if (e != null && !e.isBlank()) {
                sb.append(e.trim()).append(", ");
            }
        }
        return sb.append(value).toString();
    }

    static void addVia(HttpRequest originRequest, String clientProtocol, String viaHost) {
        appendHeader(originRequest, "Via", viaValue(clientProtocol, viaHost));
    }

    static void addForwarded(HttpRequest originRequest, String mode, HttpServletRequest clientRequest) {
        String client = clientRequest.getRemoteAddr();
        switch (mode) {
            case OriginConfig.X_FORWARDED_FOR -> {
                appendHeader(originRequest, "X-Forwarded-For", client);
                originRequest.setHeader("X-Forwarded-Proto", clientRequest.getScheme());
            }
            case OriginConfig.X_FORWARDED -> {
                appendHeader(originRequest, "X-Forwarded-For", client);
                originRequest.setHeader("X-Forwarded-Proto", clientRequest.getScheme());
                String host = clientRequest.getHeader("Host");
                if (host != null) {
                    originRequest.setHeader("X-Forwarded-Host", host);
                }
            }
            case OriginConfig.RFC7239 -> {
                StringBuilder f = new StringBuilder("for=").append(node(client));
                String host = clientRequest.getHeader("Host");
                if (host != null) {
                    f.append(";host=\"").append(host.replace("\"", "")).append('"');
                }
                f.append(";proto=").append(clientRequest.getScheme());
                appendHeader(originRequest, "Forwarded", f.toString());
            }
            default -> {
                // none
            }
        }
    }

    /** RFC 7239 §6: IPv6 addresses are quoted and bracketed. */
    private static String node(String address) {
        return address.indexOf(':') >= 0 ? "\"[" + address + "]\"" : address;
    }

    private static void appendHeader(HttpRequest request, String name, String value) {
        Header[] existing = request.getHeaders(name);
        if (existing.length == 0) {
            request.addHeader(name, value);
            return;
        }
        java.util.List<String> values = new java.util.ArrayList<>();
        for (Header h : existing) {
            values.add(h.getValue());
        }
        request.removeHeaders(name);
        request.addHeader(name, append(values, value));
    }
}
