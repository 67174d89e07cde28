package org.edgecache.web;

import java.net.URI;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Where the scheduled updater reaches this web application's own cache: the context-param
 * {@code edgecache.self-url}, or else {@code http://<local address>:<local port>} of the first request the cache
 * filter sees (the address and port that request arrived on, so the container's own connector). A Servlet
 * container tells an application its ports only through requests, so until the first request (or with the
 * parameter unset and only TLS connectors) the updater waits.
 */
final class SelfUrl {
    private volatile URI url;
    private final boolean configured;

    SelfUrl(URI configured) {
        this.url = configured == null ? null : strip(configured);
        this.configured = configured != null;
    }

    /** The scheme, host and port to send update requests to (no path), or null while unknown. */
    URI url() {
        return url;
    }

    /** Learns the URL from a request, once, unless it was configured. */
    void learn(HttpServletRequest request) {
        if (url != null || configured) {
            return;
        }
        String scheme = request.getScheme().toLowerCase(Locale.ROOT);
        String host = request.getLocalAddr();
        int port = request.getLocalPort();
        if (host == null || port <= 0 || !scheme.equals("http")) {
            return;
        }
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            int zone = host.indexOf('%');
            host = "[" + (zone >= 0 ? host.substring(0, zone) : host) + "]";
        }
        url = URI.create(scheme + "://" + host + ":" + port);
    }

    private static URI strip(URI u) {
        return URI.create(u.getScheme().toLowerCase(Locale.ROOT) + "://" + u.getRawAuthority());
    }
}
