package org.edgecache.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The configuration of one {@link OriginProxyServlet}: Jetty's proxy servlet init-params plus edgecache's own.
 *
 * @param proxyTo        the origin's base URI; requests are forwarded below it
 * @param prefix         a path prefix (below the context path) stripped before forwarding, or "" for none
 * @param preserveHost   send the client's Host header to the origin instead of the origin's authority
 * @param hostHeader     a fixed Host header to send to the origin (wins over preserveHost), or null
 * @param viaHost        the name this proxy gives itself in Via
 * @param whiteList      host:port patterns the origin must match (empty: any)
 * @param blackList      host:port patterns the origin must not match
 * @param timeoutMillis  how long to wait for the origin to send something (response head, then each read)
 * @param idleTimeoutMillis how long an idle pooled connection to the origin is kept
 * @param connectTimeoutMillis how long to wait for a TCP connection to the origin
 * @param maxConnections the most connections to this origin at once
 * @param forwarded      which forwarding headers to add: x-forwarded-for (X-Forwarded-For/-Proto, the default),
 *                       x-forwarded (also X-Forwarded-Host: the client's Host, which is not part of the cache key),
 *                       rfc7239 (Forwarded) or none
 */
public record OriginConfig(
        URI proxyTo,
        String prefix,
        boolean preserveHost,
        String hostHeader,
        String viaHost,
        List<String> whiteList,
        List<String> blackList,
        long timeoutMillis,
        long idleTimeoutMillis,
        long connectTimeoutMillis,
        int maxConnections,
        String forwarded) {

    public static final String X_FORWARDED = "x-forwarded";
    /** X-Forwarded-For and -Proto only: nothing the client chooses that the cache key leaves out. */
    public static final String X_FORWARDED_FOR = "x-forwarded-for";
    public static final String RFC7239 = "rfc7239";
    public static final String NONE = "none";

    /** Reads and validates the servlet's init-params; fails with a message naming the parameter. */
    public static OriginConfig from(Params p) {
        URI proxyTo = p.httpUri("proxyTo", null);
        String prefix = p.string("prefix", "");
        if (!prefix.isEmpty() && !prefix.startsWith("/")) {
            throw p.error("prefix", prefix, "a path starting with '/'");
        }
        if (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        OriginConfig c = new OriginConfig(
                proxyTo,
                prefix,
                p.bool("preserveHost", false),
                p.string("hostHeader", null),
                p.string("viaHost", "edgecache"),
                hostList(p.string("whiteList", "")),
                hostList(p.string("blackList", "")),
                p.integer("timeout", 60_000, 1, Integer.MAX_VALUE),
                p.integer("idleTimeout", 30_000, 1, Integer.MAX_VALUE),
                p.integer("connectTimeout", 15_000, 1, Integer.MAX_VALUE),
                (int) p.integer("maxConnections", 256, 1, 65_536),
                p.choice("forwarded", X_FORWARDED_FOR, X_FORWARDED_FOR, X_FORWARDED, RFC7239, NONE));
        if (!c.destinationAllowed(proxyTo.getHost(), port(proxyTo))) {
            throw p.error("proxyTo", proxyTo.toString(), "an origin allowed by whiteList/blackList");
        }
        return c;
    }

    /** The origin's port, with the scheme's default filled in. */
    public static int port(URI uri) {
        if (uri.getPort() > 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** Jetty's whiteList/blackList semantics: entries are host:port, or host (any port). */
    public boolean destinationAllowed(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        if (!whiteList.isEmpty() && whiteList.stream().noneMatch(e -> matches(e, h, port))) {
            return false;
        }
        return blackList.stream().noneMatch(e -> matches(e, h, port));
    }

    private static boolean matches(String entry, String host, int port) {
        int colon = entry.lastIndexOf(':');
        if (colon > 0 && entry.indexOf(']') < colon) {
            return entry.substring(0, colon).equals(host) && entry.substring(colon + 1).equals(Integer.toString(port));
        }
        return entry.equals(host);
    }

    private static List<String> hostList(String csv) {
        List<String> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return List.copyOf(out);
    }
}
